/** The Retailer Integration API (REST pull transport) that the hub publishes and retailers implement. */
export interface RetailerProduct {
  id: string;
  sku: string | null;
  barcode: string | null;
  name: string;
  description: string | null;
  manufacturer: string | null;
  category: string | null;
  priceCents: number;
  promoPriceCents: number | null;
  promoStart: string | null;
  promoEnd: string | null;
  stock: number;
  active: boolean;
  updatedAt: string;
}

export interface RetailerProductPage {
  items: RetailerProduct[];
  nextCursor: string | null;
}

export interface RetailerSaleRequest {
  orderId: string;
  tenantId?: string;
  customer: { name: string; document: string; phone?: string; email?: string };
  items: { productId: string; sku?: string; quantity: number; unitPriceCents: number }[];
  totalCents: number;
  paymentMethod?: string;
  notes?: string;
}

export interface RetailerSale {
  saleId: string;
  orderId: string;
  status: string;
  createdAt: string;
}
