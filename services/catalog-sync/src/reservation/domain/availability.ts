import type { ReservationLine, ReservationShortage } from '@looma-hub/contracts';
import type { CatalogVariant } from '../../product/domain/catalog-product';

/** What the catalog knows of a product when units are asked of it. */
export interface StockFacts {
  externalId: string;
  stock: number;
  active: boolean;
  variants: Pick<CatalogVariant, 'id' | 'stock' | 'active'>[];
}

/** Units already held by other orders: per product, and per variant of it. */
export interface Held {
  total: number;
  byVariant: Map<string, number>;
}

export const NOTHING_HELD: Held = { total: 0, byVariant: new Map() };

/** Available = what the retailer reports minus what orders in flight hold, never below zero. */
export function available(stock: number, held: number): number {
  return Math.max(0, stock - held);
}

/**
 * The lines that cannot be held, all of them (so a chat can say every problem at once). A line for a variant must fit
 * in both the variant's stock and the product's; lines of one order asking the same item add up.
 */
export function shortages(lines: ReservationLine[], products: Map<string, StockFacts>, held: Map<string, Held>): ReservationShortage[] {
  const out: ReservationShortage[] = [];
  const askedProduct = new Map<string, number>();
  const askedVariant = new Map<string, number>();
  for (const line of lines) {
    const variantId = line.variantId ?? null;
    const shortage = (reason: ReservationShortage['reason'], availableUnits: number) =>
      out.push({ lineId: line.lineId, productId: line.productId, variantId, requested: line.quantity, available: availableUnits, reason });
    const product = products.get(line.productId);
    if (!product) {
      shortage('unknown-product', 0);
      continue;
    }
    const h = held.get(line.productId) ?? NOTHING_HELD;
    const productAsked = (askedProduct.get(line.productId) ?? 0) + line.quantity;
    askedProduct.set(line.productId, productAsked);
    const productFree = available(product.stock, h.total);
    if (!product.active) {
      shortage('inactive', 0);
      continue;
    }
    if (variantId !== null) {
      const variant = product.variants.find((v) => v.id === variantId);
      if (!variant) {
        shortage('unknown-variant', 0);
        continue;
      }
      if (!variant.active) {
        shortage('inactive', 0);
        continue;
      }
      const key = `${line.productId}\u0000${variantId}`;
      const variantAsked = (askedVariant.get(key) ?? 0) + line.quantity;
      askedVariant.set(key, variantAsked);
      const variantFree = available(variant.stock, h.byVariant.get(variantId) ?? 0);
      if (variantAsked > variantFree || productAsked > productFree) {
        shortage(
          'insufficient-stock',
          Math.max(0, Math.min(variantFree - (variantAsked - line.quantity), productFree - (productAsked - line.quantity))),
        );
      }
      continue;
    }
    if (productAsked > productFree) shortage('insufficient-stock', Math.max(0, productFree - (productAsked - line.quantity)));
  }
  return out;
}
