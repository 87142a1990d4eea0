/** A product as the hub's catalog holds it (centavos; ISO 8601 with offset). */
export interface ProductView {
  id: string;
  tenantId: string;
  externalId: string;
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
  /** The price in force now (promo price inside its window, list price otherwise). */
  effectivePriceCents: number;
  stock: number;
  active: boolean;
  updatedAt: string;
}

export interface ProductSearchResult {
  items: ProductView[];
  total: number;
  from: number;
  size: number;
}
