import { z } from 'zod';
import { documentKind, normalizeDocument } from '../common/documents';

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

export const productsQuerySchema = z.object({
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  updatedSince: z.string().min(1).optional(),
});

export const eligibilityQuerySchema = z
  .object({ document: document.optional(), phone: phone.optional() })
  .refine((q) => q.document !== undefined || q.phone !== undefined, {
    message: 'send document (CPF/CNPJ) or phone',
    path: ['document'],
  });

const isoWithOffset = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, 'must be ISO 8601 with an offset');

/** Control API: a product to create (all fields) or update (id plus any fields). */
export const productUpsertSchema = z.strictObject({
  id: z.string().trim().min(1).max(100),
  sku: z.string().trim().min(1).max(100).optional(),
  barcode: z
    .string()
    .regex(/^\d{8,14}$/)
    .optional(),
  name: z.string().trim().min(1).max(300).optional(),
  description: z.string().max(2000).optional(),
  manufacturer: z.string().max(200).optional(),
  category: z.string().trim().min(1).max(100).optional(),
  priceCents: z.number().int().min(0).optional(),
  promoPriceCents: z.number().int().min(0).nullable().optional(),
  promoStart: isoWithOffset.nullable().optional(),
  promoEnd: isoWithOffset.nullable().optional(),
  stock: z.number().int().min(0).optional(),
  active: z.boolean().optional(),
});
export type ProductUpsert = z.output<typeof productUpsertSchema>;

export const productUpsertBodySchema = z.union([
  z.array(productUpsertSchema).min(1).max(1000),
  z.strictObject({ items: z.array(productUpsertSchema).min(1).max(1000) }),
  productUpsertSchema,
]);

export const saleStatusSchema = z.strictObject({ status: z.enum(['completed', 'cancelled']) });

export const webhookConfigSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  secret: z.string().min(1).max(500),
});

/** Body of `PUT /_control/retailer/tokens`. */
export const tokensSchema = z.strictObject({ tokens: z.array(z.string().min(8).max(4096)).min(1).max(10).nullable() });
