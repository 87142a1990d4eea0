import { effectivePriceCents, promotionInForce, variantPricing } from '@looma-hub/domain';
import { z } from 'zod';
import type { ProductChangedV1 } from '../events/catalog-events';
import { Centavos, Quantity } from '../retailer/primitives';

/**
 * Looma Chat's own product message (PARTNERS.md §6), as its per-retailer connector sends it today, so Looma can
 * take the hub's feed instead of polling the retailer's database: one message per workspace (store unit) and per
 * sellable item. Money in centavos, promotion dates ISO 8601.
 */
export const LoomaProductMessageSchema = z
  .object({
    workspaceId: z.string().meta({ description: "Looma's workspace (one per store unit)" }),
    product: z.object({
      id: z.string().meta({ description: "The retailer's id of the sellable item (the variant's, for a product with variants)" }),
      description: z.string().meta({ description: 'What Looma shows as the name' }),
      code: z.string().nullable().meta({ description: 'Barcode (EAN)' }),
      manufactory: z.string().nullable(),
      price: Centavos,
      stock: Quantity,
      promotionPrice: Centavos.nullable().meta({ description: 'Set only while the promotion is in force: Looma does not read the dates' }),
      promotionStart: z.string().nullable(),
      promotionEnd: z.string().nullable(),
    }),
  })
  .meta({ id: 'LoomaProductMessage' });
export type LoomaProductMessage = z.output<typeof LoomaProductMessageSchema>;

/** `looma.<tenantId>.products.v1`: the tenant's Looma product feed, keyed `<workspaceId>:<product.id>`. */
export function loomaProductsTopic(tenantId: string): string {
  return `looma.${tenantId}.products.v1`;
}

/** A tenant's Looma channel: the workspaces (store units) its catalog is offered to. */
export const LoomaChannelSettingsSchema = z
  .strictObject({
    workspaces: z
      .array(z.uuid({ message: 'must be a Looma workspace id (UUID)' }))
      .min(1, 'must name at least one workspace')
      .max(200)
      .refine((w) => new Set(w.map((x) => x.toLowerCase())).size === w.length, 'must not repeat a workspace'),
  })
  .meta({ id: 'LoomaChannelSettings' });
export type LoomaChannelSettings = z.output<typeof LoomaChannelSettingsSchema>;

/**
 * `hub.channels.looma-product-offered.v1` (CloudEvent data): one product change as the Looma messages of every
 * workspace of the tenant. Its event id is derived from the product change's, so a re-offer is the same event.
 */
export const LoomaProductOfferedV1Schema = z
  .object({
    productId: z.uuid(),
    externalId: z.string(),
    messages: z.array(LoomaProductMessageSchema),
  })
  .meta({ id: 'LoomaProductOfferedV1' });
export type LoomaProductOfferedV1 = z.output<typeof LoomaProductOfferedV1Schema>;

/** The outbound webhook event type carrying {@link LoomaProductMessage}s; endpoints get it only when they name it. */
export const LOOMA_PRODUCT_WEBHOOK_EVENT = 'looma.product.changed';

/**
 * The Looma messages of one product change, for each workspace. Looma has no variants: a product with variants is
 * offered as one Looma product per variant (named "Camiseta Polo — Azul / M", with the variant's code, stock and
 * price). Looma's own
 * search shows `promotionPrice` whatever the dates, so the hub sets it only while the promotion is in force at `at`
 * and re-announces the product when the promotion starts or ends. An inactive item goes out with stock 0.
 */
export function loomaProductMessages(change: ProductChangedV1, workspaceIds: readonly string[], at: Date): LoomaProductMessage[] {
  const base = {
    priceCents: change.priceCents,
    promoPriceCents: change.promoPriceCents,
    promoStart: change.promoStart === null ? null : new Date(change.promoStart),
    promoEnd: change.promoEnd === null ? null : new Date(change.promoEnd),
  };
  const items =
    change.variants.length === 0
      ? [{ id: change.externalId, name: change.name, code: change.ean, stock: change.stock, active: change.active, pricing: base }]
      : change.variants.map((v) => ({
          id: v.id,
          name: `${change.name} — ${v.name}`,
          code: v.ean ?? change.ean,
          stock: v.stock,
          active: change.active && v.active,
          pricing: variantPricing(base, v),
        }));
  const messages: LoomaProductMessage[] = [];
  for (const workspaceId of workspaceIds) {
    for (const item of items) {
      const inForce = promotionInForce(item.pricing, at);
      messages.push({
        workspaceId,
        product: {
          id: item.id,
          description: item.name,
          code: item.code,
          manufactory: change.manufacturer ?? change.brand,
          price: item.pricing.priceCents,
          stock: item.active ? item.stock : 0,
          promotionPrice: inForce ? effectivePriceCents(item.pricing, at) : null,
          promotionStart: change.promoStart,
          promotionEnd: change.promoEnd,
        },
      });
    }
  }
  return messages;
}
