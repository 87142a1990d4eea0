import { z } from 'zod';
import {
  Centavos,
  Ean,
  IsoInstantOrDate,
  PricingRuleInputSchema,
  Quantity,
  RetailerDiscountRulesQuerySchema,
  RetailerId,
  RetailerProductsQuerySchema,
  RetailerVariantSchema,
} from '@looma-hub/contracts';
import { documentKind, normalizeDocument } from '../common/documents';
import { CHANGE_KINDS } from './catalog/retailer-catalog';

const phone = z
  .string()
  .transform((v) => v.replace(/[\s()+-]/g, ''))
  .refine((v) => /^[1-9]\d{9,14}$/.test(v), 'must be a phone number in E.164, e.g. +5511987654321');

const document = z
  .string()
  .transform(normalizeDocument)
  .refine((v) => documentKind(v) !== null, 'must be a valid CPF or CNPJ');

/** Body of `POST /retailer/v1/sales`. Unknown fields are ignored. */
export const registerSaleSchema = z.object({
  orderId: z.string().trim().min(1).max(100),
  tenantId: z.string().trim().min(1).max(100).optional(),
  customer: z.object({
    name: z.string().trim().min(1).max(200),
    document,
    phone: phone.optional(),
    email: z.email().max(254).optional(),
  }),
  items: z
    .array(
      z.object({
        productId: z.string().trim().min(1).max(100),
        sku: z.string().trim().min(1).max(100).optional(),
        quantity: z.number().int().min(1).max(10_000),
        unitPriceCents: z.number().int().min(0).max(100_000_000),
      }),
    )
    .min(1)
    .max(200),
  totalCents: z.number().int().min(0).max(10_000_000_000),
  paymentMethod: z.string().trim().min(1).max(40).optional(),
  notes: z.string().max(1000).optional(),
});
export type RegisterSaleInput = z.output<typeof registerSaleSchema>;

export const cancelSaleSchema = z.object({ reason: z.string().max(500).optional() }).optional();

/** `GET /retailer/v1/products`: the published contract's query. */
export const productsQuerySchema = RetailerProductsQuerySchema;

/** `GET /retailer/v1/discount-rules`: the published contract's query. */
export const discountRulesQuerySchema = RetailerDiscountRulesQuerySchema;

export const eligibilityQuerySchema = z
  .object({ document: document.optional(), phone: phone.optional() })
  .refine((q) => q.document !== undefined || q.phone !== undefined, {
    message: 'send document (CPF/CNPJ) or phone',
    path: ['document'],
  });

/**
 * Control API: a product to create (id, name, priceCents, stock at least) or update (id plus any fields). The
 * stored result must still be a valid RetailerProduct of the contract (checked after the merge).
 */
export const productUpsertSchema = z.strictObject({
  id: RetailerId,
  sku: z.string().trim().min(1).max(100).nullable().optional(),
  ean: Ean.nullable().optional(),
  name: z.string().trim().min(1).max(300).optional(),
  description: z.string().max(10_000).nullable().optional(),
  manufacturer: z.string().max(200).nullable().optional(),
  brand: z.string().max(200).nullable().optional(),
  categories: z.array(z.string().trim().min(1).max(120)).max(10).optional(),
  priceCents: Centavos.optional(),
  promoPriceCents: Centavos.nullable().optional(),
  promoStart: IsoInstantOrDate.nullable().optional(),
  promoEnd: IsoInstantOrDate.nullable().optional(),
  stock: Quantity.optional(),
  active: z.boolean().optional(),
  variants: z.array(RetailerVariantSchema).max(200).optional(),
  imageUrl: z.url().nullable().optional(),
  url: z.url().nullable().optional(),
});
export type ProductUpsert = z.output<typeof productUpsertSchema>;

export const productUpsertBodySchema = z.union([
  z.array(productUpsertSchema).min(1).max(1000),
  z.strictObject({ items: z.array(productUpsertSchema).min(1).max(1000) }),
  productUpsertSchema,
]);

/** Control API: a generated catalog, `PUT /_control/retailer/catalogs/:name`. */
export const catalogSpecSchema = z.strictObject({
  size: z.number().int().min(0).max(9_999_999),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  idPrefix: z
    .string()
    .regex(/^[A-Z][A-Z0-9-]{0,9}$/, 'must be 1–10 capitals, digits or dashes, starting with a capital')
    .default('G'),
  /** The instant the generated products are "as of" (their updatedAt, promotions around it); now by default. */
  asOf: z.iso.datetime({ offset: true }).optional(),
  /**
   * Spreads the products' updatedAt over this many seconds before `asOf` (oldest first, in id order), as a live
   * catalog's are; 0 (the default) stamps them all at `asOf`.
   */
  spreadSeconds: z
    .number()
    .int()
    .min(0)
    .max(10 * 365 * 86_400)
    .default(0),
});

/** Control API: `POST /_control/retailer/catalogs/:name/changes`. */
export const catalogChangesSchema = z
  .strictObject({
    fraction: z.number().gt(0).max(1).optional(),
    count: z.number().int().min(1).max(1_000_000).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
    kinds: z.array(z.enum(CHANGE_KINDS)).min(1).optional(),
    /** Also publish each change as a retailer catalog event (Kafka) for this hub tenant. */
    publish: z.strictObject({ tenantId: z.string().min(1).max(64) }).optional(),
  })
  .refine((b) => (b.fraction === undefined) !== (b.count === undefined), { message: 'send fraction or count', path: ['fraction'] });

/** Control API: `POST /_control/retailer/catalogs/:name/raw` — items served as they are (bad data for the hub to quarantine). */
export const rawItemsSchema = z.strictObject({ items: z.array(z.unknown()).min(1).max(1000) });

/** Control API: `POST /_control/retailer/catalogs/:name/removals`. */
export const removalsSchema = z.strictObject({ ids: z.array(z.string().min(1).max(100)).min(1).max(100_000) });

export const catalogNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1–40 lowercase letters, digits or dashes');

export const saleStatusSchema = z.strictObject({ status: z.enum(['completed', 'cancelled']) });

export const webhookConfigSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  secret: z.string().min(1).max(500),
  /** Only this hub tenant's sales go to this target (e.g. the gateway's `/v1/inbound/<tenant>/retailer`); all when absent. */
  tenantId: z.string().min(1).max(100).optional(),
});

/** Body of `PUT /_control/retailer/tokens`. */
export const tokensSchema = z.strictObject({ tokens: z.array(z.string().min(8).max(4096)).min(1).max(10).nullable() });

/** Also publish each change as a retailer pricing event (Kafka) for this hub tenant. */
const publishSchema = z.strictObject({ tenantId: z.string().min(1).max(64) }).optional();

/** Control API: `POST /_control/retailer/discount-rules` — whole rules in the hub's model, created or replaced by id. */
export const discountRulesUpsertSchema = z
  .strictObject({ items: z.array(PricingRuleInputSchema).min(1).max(1000), publish: publishSchema })
  .refine((b) => new Set(b.items.map((r) => r.id)).size === b.items.length, { message: 'repeats a rule id', path: ['items'] });

/** Control API: `POST /_control/retailer/discount-rules/removals`. */
export const discountRulesRemovalSchema = z.strictObject({
  ids: z.array(z.string().min(1).max(100)).min(1).max(100_000),
  publish: publishSchema,
});

/** Control API: `POST /_control/retailer/discount-rules/generate` — synthetic rules for benchmarks. */
export const discountRulesGenerateSchema = z.strictObject({
  /** Kept in memory, about 1.7 kB a rule. */
  count: z.number().int().min(1).max(200_000),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  idPrefix: z
    .string()
    .regex(/^[A-Za-z][\w.:-]{0,19}$/, 'must be 1–20 letters, digits or . _ : -, starting with a letter')
    .default('GEN-'),
  /** The instant the rules' windows are relative to; now by default. */
  asOf: z.iso.datetime({ offset: true }).optional(),
  /** What the rules target; the demo catalog's by default. */
  products: z.array(z.string().min(1).max(200)).min(1).max(100_000).optional(),
  categories: z.array(z.string().min(1).max(200)).min(1).max(10_000).optional(),
  manufacturers: z.array(z.string().min(1).max(200)).min(1).max(10_000).optional(),
  publish: publishSchema,
});
export type DiscountRulesGenerateInput = z.output<typeof discountRulesGenerateSchema>;
