import { promoBound, type RetailerCatalogEvent, RetailerCatalogEventTypes } from '@looma-hub/contracts';
import { type CatalogProduct, fromRetailerProduct } from './catalog-product';

export type EventOutcome =
  | { kind: 'apply'; product: CatalogProduct }
  /** Older than what the catalog holds: an older event never overwrites a newer state. */
  | { kind: 'stale' }
  /** A partial change (stock, price, deactivation) of a product or variant the catalog does not know. */
  | { kind: 'unknown'; what: 'product' | 'variant'; id: string };

/**
 * One retailer catalog event applied to the product as the catalog holds it (null: not known yet). A whole product
 * (upserted) replaces it; a stock or price change edits a copy of it; the result goes through the same upsert as a
 * pulled page. The event's updatedAt becomes the product's version.
 */
export function applyRetailerEvent(tenantId: string, current: CatalogProduct | null, event: RetailerCatalogEvent): EventOutcome {
  const at = new Date(event.data.updatedAt);
  if (current && at.getTime() < current.sourceUpdatedAt.getTime()) return { kind: 'stale' };
  if (event.type === RetailerCatalogEventTypes.productUpserted)
    return { kind: 'apply', product: fromRetailerProduct(tenantId, event.data) };
  if (!current) return { kind: 'unknown', what: 'product', id: event.data.productId };
  const next: CatalogProduct = { ...current, variants: current.variants.map((v) => ({ ...v })), sourceUpdatedAt: at };
  switch (event.type) {
    case RetailerCatalogEventTypes.stockChanged: {
      const { variantId, stock } = event.data;
      if (variantId) {
        const variant = next.variants.find((v) => v.id === variantId);
        if (!variant) return { kind: 'unknown', what: 'variant', id: variantId };
        variant.stock = stock;
        // With variants the product's stock is their sum (the contract says so).
        next.stock = next.variants.reduce((sum, v) => sum + v.stock, 0);
      } else {
        next.stock = stock;
      }
      return { kind: 'apply', product: next };
    }
    case RetailerCatalogEventTypes.priceChanged: {
      const d = event.data;
      if (d.variantId) {
        const variant = next.variants.find((v) => v.id === d.variantId);
        if (!variant) return { kind: 'unknown', what: 'variant', id: d.variantId };
        variant.priceCents = d.priceCents;
        variant.promoPriceCents = d.promoPriceCents ?? null;
      } else {
        next.priceCents = d.priceCents;
        next.promoPriceCents = d.promoPriceCents ?? null;
        next.promoStart = promoBound(d.promoStart, 'start');
        next.promoEnd = promoBound(d.promoEnd, 'end');
      }
      return { kind: 'apply', product: next };
    }
    case RetailerCatalogEventTypes.productDeactivated:
      next.active = false;
      return { kind: 'apply', product: next };
  }
}
