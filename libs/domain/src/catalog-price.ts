// The price a product sells for at a given moment. One function for the whole hub: catalog views and search,
// the Looma product channel, quotes and order validation all ask it, so a promotion starts and ends at the
// same instant everywhere.
import { isWithin, type TimeWindow } from './time-window';

/**
 * A list price and an optional promotion. The window ends are instants (a retailer's date-only "valid until
 * 31/03" was turned into the last millisecond of that day in America/Sao_Paulo when it was read), both ends
 * inclusive, `null` = open on that side.
 */
export interface PromotionalPricing {
  priceCents: number;
  promoPriceCents: number | null;
  promoStart: Date | null;
  promoEnd: Date | null;
}

/** Whether the promotion applies at `at`: a promo price exists and `at` is inside its window. */
export function promotionInForce(p: PromotionalPricing, at: Date): boolean {
  if (p.promoPriceCents === null) return false;
  const window: TimeWindow = { start: p.promoStart, end: p.promoEnd };
  return isWithin(window, at);
}

/** The promo price inside its window, the list price otherwise. */
export function effectivePriceCents(p: PromotionalPricing, at: Date): number {
  return promotionInForce(p, at) && p.promoPriceCents !== null ? p.promoPriceCents : p.priceCents;
}

/**
 * A variant's pricing: its own list and promo prices where the retailer gives them, the product's otherwise; the
 * promotion window is the product's (retailers run one promotion per product).
 */
export function variantPricing(
  product: PromotionalPricing,
  variant: { priceCents: number | null; promoPriceCents: number | null },
): PromotionalPricing {
  return {
    priceCents: variant.priceCents ?? product.priceCents,
    promoPriceCents: variant.promoPriceCents ?? (variant.priceCents === null ? product.promoPriceCents : null),
    promoStart: product.promoStart,
    promoEnd: product.promoEnd,
  };
}

/**
 * The next instant after `after` at which the effective price changes by time alone (the promotion starts, or
 * ends), or null when it never will: the hub re-announces the product then, so consumers that copy prices see the
 * promotion begin and end without a change at the retailer.
 */
export function nextPriceTransition(p: PromotionalPricing, after: Date): Date | null {
  if (p.promoPriceCents === null) return null;
  const t = after.getTime();
  if (p.promoStart !== null && p.promoStart.getTime() > t) return p.promoStart;
  // The window is inclusive: the list price is back one millisecond after the end.
  if (p.promoEnd !== null && p.promoEnd.getTime() + 1 > t) return new Date(p.promoEnd.getTime() + 1);
  return null;
}
