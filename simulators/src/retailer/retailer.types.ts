/**
 * Shapes of the Retailer Integration API. The hub publishes that contract (libs/contracts, zod): the simulator
 * answers with its types, and a test checks its answers against the published OpenAPI document.
 */
import type {
  PricingRuleSpec,
  RetailerDiscountRulePage,
  RetailerEligibility,
  RetailerPricingRule,
  RetailerProductInput,
  RetailerSale,
  RetailerSaleReceipt,
} from '@looma-hub/contracts';

export type ProductDto = RetailerProductInput;

/** A page as served: items are products, or whatever bad data a test injected in their place. */
export interface ProductPage {
  items: unknown[];
  nextCursor: string | null;
}

/** A discount rule as the retailer keeps it (the hub's pricing rule model, defaults filled), without its clock. */
export type DiscountRuleSpec = PricingRuleSpec;
export type DiscountRuleDto = RetailerPricingRule;
export type DiscountRulePage = RetailerDiscountRulePage;
export type LoyaltyTier = NonNullable<RetailerEligibility['tier']>;
export type EligibilityDto = RetailerEligibility;
export type SaleStatus = RetailerSale['status'];
export type SaleItemDto = RetailerSale['items'][number];
export type SaleDto = RetailerSale;
export type SaleReceiptDto = RetailerSaleReceipt;
