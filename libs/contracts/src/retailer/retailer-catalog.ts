import { endOfDayInSaoPaulo, parseInstant, parseIsoDate, startOfDayInSaoPaulo } from '@looma-hub/domain';
import { z } from 'zod';
import { Centavos, Ean, IsoInstant, IsoInstantOrDate, optionalText, Quantity, RetailerId } from './primitives';

/**
 * The catalog side of the Retailer Integration API — what a retailer exposes so the hub can keep its catalog,
 * stock and prices current: products paged by cursor (REST pull), or the same facts as Kafka events (push).
 * Published as `libs/contracts/published/retailer-integration.openapi.yaml` and `retailer-catalog.asyncapi.yaml`.
 */

/** Limits a product must respect; a product over them is quarantined by the hub, the rest of its page applies. */
export const RetailerCatalogLimits = {
  nameLength: 300,
  descriptionLength: 10_000,
  categories: 10,
  collections: 50,
  collectionLength: 100,
  variants: 200,
  pageSize: 5_000,
} as const;

const Name = z.string().min(1).max(RetailerCatalogLimits.nameLength).regex(/\S/, 'must not be blank');
const Url = z.url({ protocol: /^https?$/ }).max(2_000);

export const RetailerVariantSchema = z
  .object({
    id: RetailerId.meta({ description: 'Unique among all products and variants of the retailer' }),
    sku: optionalText(100),
    ean: Ean.nullish(),
    /** e.g. "Azul / M"; the hub composes one from color and size when absent. */
    name: optionalText(RetailerCatalogLimits.nameLength),
    color: optionalText(60),
    size: optionalText(30),
    priceCents: Centavos.nullish().meta({ description: "The variant's list price when it differs from the product's" }),
    promoPriceCents: Centavos.nullish().meta({ description: "The variant's promotional price (in the product's promotion window)" }),
    stock: Quantity,
    active: z.boolean().default(true),
  })
  .meta({ id: 'RetailerVariant', description: 'One sellable combination of a product (color × size), with its own id and stock' });

export const RetailerProductSchema = z
  .object({
    id: RetailerId,
    sku: optionalText(100),
    ean: Ean.nullish(),
    name: Name,
    description: optionalText(RetailerCatalogLimits.descriptionLength),
    manufacturer: optionalText(200),
    brand: optionalText(200),
    categories: z
      .array(z.string().min(1).max(120))
      .max(RetailerCatalogLimits.categories)
      .default([])
      .meta({ description: 'From the broadest to the narrowest', examples: [['Vestuário', 'Camisetas']] }),
    collections: z
      .array(z.string().min(1).max(RetailerCatalogLimits.collectionLength))
      .max(RetailerCatalogLimits.collections)
      .default([])
      .meta({
        description: "The retailer's collections (coleções) the product belongs to, in no particular order",
        examples: [['Verão 2027', 'Volta às aulas']],
      }),
    priceCents: Centavos.meta({ description: 'Current list price, integer centavos' }),
    promoPriceCents: Centavos.nullish().meta({ description: 'Promotional price, in force inside [promoStart, promoEnd]' }),
    promoStart: IsoInstantOrDate.nullish().meta({ description: 'Start of the promotion (open when absent); a date is that whole day' }),
    promoEnd: IsoInstantOrDate.nullish().meta({
      description: 'End of the promotion, inclusive (open when absent); a date is that whole day',
    }),
    stock: Quantity.meta({ description: 'Units available; with variants, their sum' }),
    active: z.boolean().meta({ description: 'false: not for sale (the hub keeps it, marked inactive)' }),
    variants: z.array(RetailerVariantSchema).max(RetailerCatalogLimits.variants).default([]),
    imageUrl: Url.nullish(),
    url: Url.nullish().meta({ description: "The product's page in the retailer's shop" }),
    weightGrams: z.number().int().min(0).max(10_000_000).nullish(),
    heightCm: z.number().min(0).max(100_000).nullish(),
    widthCm: z.number().min(0).max(100_000).nullish(),
    lengthCm: z.number().min(0).max(100_000).nullish(),
    updatedAt: IsoInstant.meta({
      description: 'When this version was written at the retailer; an older version never overwrites a newer one',
    }),
  })
  .superRefine((p, ctx) => {
    const start = promoBound(p.promoStart, 'start');
    const end = promoBound(p.promoEnd, 'end');
    if (start !== null && end !== null && end.getTime() < start.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['promoEnd'], message: 'must not be before promoStart' });
    }
    if (p.promoPriceCents != null && p.promoPriceCents > p.priceCents) {
      ctx.addIssue({ code: 'custom', path: ['promoPriceCents'], message: 'must not exceed priceCents' });
    }
    const seen = new Set<string>();
    p.variants.forEach((v, i) => {
      if (seen.has(v.id)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'id'], message: `repeats variant id ${v.id}` });
      seen.add(v.id);
      const list = v.priceCents ?? p.priceCents;
      if (v.promoPriceCents != null && v.promoPriceCents > list) {
        ctx.addIssue({ code: 'custom', path: ['variants', i, 'promoPriceCents'], message: 'must not exceed the variant price' });
      }
    });
  })
  .meta({ id: 'RetailerProduct', description: 'A product as the retailer exposes it to the hub. Money in centavos.' });

export type RetailerProduct = z.output<typeof RetailerProductSchema>;
export type RetailerProductInput = z.input<typeof RetailerProductSchema>;
export type RetailerVariant = z.output<typeof RetailerVariantSchema>;

/** `GET /v1/products` query. */
export const RetailerProductsQuerySchema = z.object({
  cursor: z.string().min(1).max(2_000).optional().meta({ description: 'The `nextCursor` of the previous page; absent for the first' }),
  limit: z.coerce.number().int().min(1).max(RetailerCatalogLimits.pageSize).default(100),
  updatedSince: IsoInstant.optional().meta({ description: 'Only products whose updatedAt is at or after this instant' }),
});

/** `GET /v1/products` answer: products ordered so that a cursor walk sees each product at least once. */
export const RetailerProductPageSchema = z
  .object({
    items: z.array(RetailerProductSchema),
    nextCursor: z.string().min(1).max(2_000).nullable().meta({ description: 'null on the last page' }),
  })
  .meta({ id: 'RetailerProductPage' });
export type RetailerProductPage = z.output<typeof RetailerProductPageSchema>;

/**
 * How the hub reads a page: the envelope strictly, the items one by one (a bad item is quarantined, the page
 * still applies), so this schema leaves them unparsed.
 */
export const RetailerProductPageEnvelopeSchema = z.object({
  items: z.array(z.unknown()),
  nextCursor: z.string().min(1).max(2_000).nullable(),
});

// ---- Push transport: Kafka events --------------------------------------------------------------------------

/** The topic a retailer publishes its catalog changes to, keyed `<tenantId>:<productId>` (one product, one partition). */
export const RetailerTopics = {
  catalog: 'retailer.catalog.v1',
} as const;

export const RetailerCatalogEventTypes = {
  productUpserted: 'retailer.product.upserted.v1',
  stockChanged: 'retailer.product.stock-changed.v1',
  priceChanged: 'retailer.product.price-changed.v1',
  productDeactivated: 'retailer.product.deactivated.v1',
} as const;

export const StockChangedSchema = z
  .object({
    productId: RetailerId,
    variantId: RetailerId.nullish().meta({ description: "The variant whose stock changed; absent: the product's" }),
    stock: Quantity,
    updatedAt: IsoInstant,
  })
  .meta({ id: 'RetailerStockChanged' });

export const PriceChangedSchema = z
  .object({
    productId: RetailerId,
    variantId: RetailerId.nullish(),
    priceCents: Centavos,
    promoPriceCents: Centavos.nullish(),
    promoStart: IsoInstantOrDate.nullish().meta({ description: "The product's promotion window (ignored for a variant)" }),
    promoEnd: IsoInstantOrDate.nullish(),
    updatedAt: IsoInstant,
  })
  .superRefine((p, ctx) => {
    const start = promoBound(p.promoStart, 'start');
    const end = promoBound(p.promoEnd, 'end');
    if (start !== null && end !== null && end.getTime() < start.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['promoEnd'], message: 'must not be before promoStart' });
    }
    if (p.promoPriceCents != null && p.promoPriceCents > p.priceCents) {
      ctx.addIssue({ code: 'custom', path: ['promoPriceCents'], message: 'must not exceed priceCents' });
    }
  })
  .meta({ id: 'RetailerPriceChanged' });

export const ProductDeactivatedSchema = z
  .object({ productId: RetailerId, updatedAt: IsoInstant })
  .meta({ id: 'RetailerProductDeactivated', description: 'No longer for sale; an upserted event with active: true brings it back' });

/** CloudEvents 1.0, JSON structured mode; `tenantid` names the hub tenant the catalog belongs to. */
const envelope = {
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(200).meta({ description: 'Unique per event: a re-sent event with the same id is applied once' }),
  source: z
    .string()
    .min(1)
    .max(500)
    .meta({ examples: ['urn:retailer:loja-centro:erp'] }),
  time: IsoInstant,
  tenantid: z.string().min(1).max(64),
  subject: z.string().max(200).optional(),
  datacontenttype: z.literal('application/json').optional(),
};

export const RetailerCatalogEventSchema = z.discriminatedUnion('type', [
  z.object({ ...envelope, type: z.literal(RetailerCatalogEventTypes.productUpserted), data: RetailerProductSchema }).meta({
    id: 'RetailerProductUpsertedEvent',
  }),
  z.object({ ...envelope, type: z.literal(RetailerCatalogEventTypes.stockChanged), data: StockChangedSchema }).meta({
    id: 'RetailerStockChangedEvent',
  }),
  z.object({ ...envelope, type: z.literal(RetailerCatalogEventTypes.priceChanged), data: PriceChangedSchema }).meta({
    id: 'RetailerPriceChangedEvent',
  }),
  z.object({ ...envelope, type: z.literal(RetailerCatalogEventTypes.productDeactivated), data: ProductDeactivatedSchema }).meta({
    id: 'RetailerProductDeactivatedEvent',
  }),
]);
export type RetailerCatalogEvent = z.output<typeof RetailerCatalogEventSchema>;
export type RetailerStockChanged = z.output<typeof StockChangedSchema>;
export type RetailerPriceChanged = z.output<typeof PriceChangedSchema>;

/**
 * A promotion bound as an instant: a date-only start is the first millisecond of that São Paulo day, a date-only
 * end its last. Null for an absent (open) bound or text the schema itself rejects.
 */
export function promoBound(value: string | null | undefined, side: 'start' | 'end'): Date | null {
  if (value === null || value === undefined) return null;
  try {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const day = parseIsoDate(value);
      return side === 'start' ? startOfDayInSaoPaulo(day) : endOfDayInSaoPaulo(day);
    }
    return parseInstant(value);
  } catch {
    return null;
  }
}
