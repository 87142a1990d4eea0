import { z } from 'zod';
import { Centavos, IsoInstant, Quantity } from '../retailer/primitives';

/** What a product change touched, so a consumer that cares about prices alone can skip a stock change. */
export const ProductChangedFields = [
  'sku',
  'ean',
  'name',
  'description',
  'manufacturer',
  'brand',
  'categories',
  'collections',
  'price',
  'promotion',
  'stock',
  'active',
  'variants',
  'media',
  'dimensions',
  /** The promotion started or ended by the clock, with no change at the retailer. */
  'effectivePrice',
] as const;
export type ProductChangedField = (typeof ProductChangedFields)[number];

export const ProductChangedVariantSchema = z.object({
  id: z.string(),
  sku: z.string().nullable(),
  ean: z.string().nullable(),
  name: z.string(),
  color: z.string().nullable(),
  size: z.string().nullable(),
  priceCents: Centavos.nullable().meta({ description: "The variant's own list price; null: the product's" }),
  promoPriceCents: Centavos.nullable(),
  stock: Quantity,
  active: z.boolean(),
});

/**
 * `hub.catalog.product-changed.v1` — emitted by catalog-sync once per real change of a product (its content hash
 * differs from the stored one; a promotion starting or ending counts too), keyed `<tenantId>:<productId>`, in the
 * order the changes were stored. Carries the whole current state, so consumers (pricing caches, the Looma product
 * channel, webhooks) need no read-back, and `changed` says what moved. Several changes stored before the relay
 * published the first may reach Kafka as one event with their fields merged: the state is always the latest.
 * The CloudEvent id is derived from (product, sequence), so a re-publish after a crash has the same id.
 */
export const ProductChangedV1Schema = z
  .object({
    productId: z.uuid().meta({ description: "The hub's product id" }),
    externalId: z.string().meta({ description: "The retailer's product id" }),
    change: z.enum(['created', 'updated', 'deactivated', 'reactivated']),
    changed: z.array(z.enum(ProductChangedFields)),
    /** Grows with every stored change of the tenant's catalog: a consumer can drop an event older than one it applied. */
    sequence: z.number().int(),
    sku: z.string().nullable(),
    ean: z.string().nullable(),
    name: z.string(),
    description: z.string().nullable(),
    manufacturer: z.string().nullable(),
    brand: z.string().nullable(),
    categories: z.array(z.string()),
    collections: z.array(z.string()),
    priceCents: Centavos,
    promoPriceCents: Centavos.nullable(),
    promoStart: IsoInstant.nullable(),
    promoEnd: IsoInstant.nullable(),
    /** The price in force when the event was emitted (the promotion window decides; `effectivePriceCents` of domain). */
    effectivePriceCents: Centavos,
    stock: Quantity,
    active: z.boolean(),
    variants: z.array(ProductChangedVariantSchema),
    imageUrl: z.string().nullable(),
    contentHash: z.string(),
    sourceUpdatedAt: IsoInstant,
    occurredAt: IsoInstant,
  })
  .meta({ id: 'ProductChangedV1' });
export type ProductChangedV1 = z.output<typeof ProductChangedV1Schema>;
