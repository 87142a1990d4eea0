/** Shapes of the Retailer Integration API as the hub's connectors see them (money in centavos, dates -03:00). */

export interface ProductDto {
  id: string;
  sku: string;
  barcode: string;
  name: string;
  description: string;
  manufacturer: string;
  category: string;
  priceCents: number;
  promoPriceCents: number | null;
  promoStart: string | null;
  promoEnd: string | null;
  stock: number;
  active: boolean;
  updatedAt: string;
}

export interface ProductPage {
  items: ProductDto[];
  nextCursor: string | null;
}

export type DiscountKind = 'promotion' | 'loyalty' | 'coupon' | 'product' | 'category';

export interface DiscountRuleDto {
  id: string;
  name: string;
  description: string;
  kind: DiscountKind;
  discountType: 'amount' | 'percentage';
  /** Set when discountType is "amount". */
  amountCents: number | null;
  /** Set when discountType is "percentage": 1000 = 10%. */
  percentageBps: number | null;
  appliesTo: { scope: 'order' | 'product' | 'category'; productIds: string[]; categories: string[] };
  couponCode: string | null;
  /** Loyalty tiers the rule is restricted to; empty = every customer. */
  loyaltyTiers: string[];
  minOrderCents: number | null;
  minQuantity: number | null;
  maxDiscountCents: number | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  /** Higher runs first. */
  priority: number;
  stackable: boolean;
  validFrom: string;
  validUntil: string | null;
  active: boolean;
  updatedAt: string;
}

export type LoyaltyTier = 'bronze' | 'silver' | 'gold';

export interface EligibilityDto {
  eligible: boolean;
  tier: LoyaltyTier | null;
  reasons: string[];
}

export type SaleStatus = 'registered' | 'completed' | 'cancelled';

export interface SaleItemDto {
  productId: string;
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

export interface SaleDto {
  saleId: string;
  orderId: string;
  tenantId: string | null;
  status: SaleStatus;
  customer: { name: string; document: string; phone: string | null; email: string | null };
  items: SaleItemDto[];
  totalCents: number;
  paymentMethod: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  cancelledAt: string | null;
}

export interface SaleReceiptDto {
  saleId: string;
  orderId: string;
  status: SaleStatus;
  createdAt: string;
}
