import { z } from 'zod';
import { Centavos, intQueryParam, IsoInstant, Quantity } from '../retailer/primitives';

/**
 * A product as the hub's catalog serves it (search, lookup, order validation): the retailer's facts plus what the
 * hub knows on top — the price in force now, and the stock net of the reservations of orders in flight.
 */

export const VariantViewSchema = z
  .object({
    id: z.string().meta({ description: "The retailer's variant id" }),
    sku: z.string().nullable(),
    ean: z.string().nullable(),
    name: z.string(),
    color: z.string().nullable(),
    size: z.string().nullable(),
    priceCents: Centavos.meta({ description: "List price (the product's when the variant has none)" }),
    promoPriceCents: Centavos.nullable(),
    effectivePriceCents: Centavos.meta({ description: 'The price in force now' }),
    stock: Quantity.meta({ description: 'What the retailer reports' }),
    available: Quantity.meta({ description: 'Stock minus the reservations of orders in flight' }),
    active: z.boolean(),
  })
  .meta({ id: 'VariantView' });
export type VariantView = z.output<typeof VariantViewSchema>;

export const ProductViewSchema = z
  .object({
    id: z.uuid().meta({ description: "The hub's product id" }),
    tenantId: z.string(),
    externalId: z.string().meta({ description: "The retailer's product id" }),
    sku: z.string().nullable(),
    ean: z.string().nullable(),
    name: z.string(),
    description: z.string().nullable(),
    manufacturer: z.string().nullable(),
    brand: z.string().nullable(),
    categories: z.array(z.string()),
    collections: z.array(z.string()).meta({ description: "The retailer's collections (coleções), in text order" }),
    priceCents: Centavos.meta({ description: 'Regular (list) price' }),
    promoPriceCents: Centavos.nullable(),
    promoStart: IsoInstant.nullable(),
    promoEnd: IsoInstant.nullable(),
    promoActive: z.boolean().meta({ description: 'The promotion is in force now (America/Sao_Paulo window)' }),
    effectivePriceCents: Centavos.meta({ description: 'The price in force now: the promo price inside its window, else the list price' }),
    stock: Quantity,
    reserved: Quantity.meta({ description: 'Units held by orders in flight' }),
    available: Quantity.meta({ description: 'stock − reserved, never below zero' }),
    active: z.boolean(),
    variants: z.array(VariantViewSchema),
    imageUrl: z.string().nullable(),
    url: z.string().nullable(),
    weightGrams: z.number().nullable(),
    heightCm: z.number().nullable(),
    widthCm: z.number().nullable(),
    lengthCm: z.number().nullable(),
    sourceUpdatedAt: IsoInstant.meta({ description: "The retailer's updatedAt of this version" }),
    updatedAt: IsoInstant.meta({ description: 'When the hub last stored a change of it' }),
  })
  .meta({ id: 'ProductView' });
export type ProductView = z.output<typeof ProductViewSchema>;

export const ProductSearchResultSchema = z
  .object({
    items: z.array(ProductViewSchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass it as `cursor` for the next page; null on the last' }),
  })
  .meta({ id: 'ProductSearchResult' });
export type ProductSearchResult = z.output<typeof ProductSearchResultSchema>;

export const ProductSortValues = ['relevance', 'name', '-name', 'price', '-price', 'updatedAt', '-updatedAt'] as const;
export type ProductSort = (typeof ProductSortValues)[number];

export const PRODUCT_SEARCH_MAX_SIZE = 100;
export const PRODUCT_SEARCH_MAX_OFFSET = 10_000;

const booleanParam = z
  .enum(['true', 'false'], { message: 'must be true or false' })
  .transform((v) => v === 'true')
  .optional();
const centsParam = z.coerce
  .number({ message: 'must be integer centavos' })
  .int('must be integer centavos')
  .min(0)
  .max(10_000_000_000_000)
  .optional();

/**
 * `GET /v1/products` (and the catalog's internal search): every parameter optional. Unknown parameters are refused
 * (a misspelt filter silently ignored would answer the wrong question).
 */
export const ProductSearchQuerySchema = z
  .strictObject({
    q: z.string().max(200).optional().meta({ description: 'Words to find in name, description, manufacturer, brand and category' }),
    category: z.string().min(1).max(120).optional().meta({ description: 'Exact category (accents and case ignored)' }),
    manufacturer: z.string().min(1).max(200).optional().meta({ description: 'Exact manufacturer or brand (accents and case ignored)' }),
    collection: z.string().min(1).max(100).optional().meta({ description: 'Exact collection (accents and case ignored)' }),
    inStock: booleanParam.meta({ description: 'true: only products with units available (net of reservations)' }),
    active: booleanParam.meta({ description: 'Default true; false lists inactive products' }),
    priceMin: centsParam.meta({ description: 'Effective price at least, centavos' }),
    priceMax: centsParam.meta({ description: 'Effective price at most, centavos' }),
    sort: z
      .enum(ProductSortValues, { message: `must be one of ${ProductSortValues.join(', ')}` })
      .optional()
      .meta({ description: 'Default relevance with q, name without' }),
    cursor: z.string().min(1).max(500).optional().meta({ description: 'The `nextCursor` of the page before' }),
    from: intQueryParam(0, PRODUCT_SEARCH_MAX_OFFSET)
      .optional()
      .meta({ description: 'Skip this many results (offset paging, for clients that cannot keep a cursor)' }),
    size: intQueryParam(1, PRODUCT_SEARCH_MAX_SIZE).default(20),
  })
  .superRefine((q, ctx) => {
    if (q.priceMin !== undefined && q.priceMax !== undefined && q.priceMin > q.priceMax) {
      ctx.addIssue({ code: 'custom', path: ['priceMax'], message: 'must not be below priceMin' });
    }
    if (q.cursor !== undefined && q.from !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'give either cursor or from, not both' });
    }
  });
export type ProductSearchQuery = z.output<typeof ProductSearchQuerySchema>;
