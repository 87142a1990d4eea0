import { z } from 'zod';
import { RetailerPricingRuleSchema } from '../pricing/pricing-rule';
import { Centavos, IsoInstant, RetailerId } from './primitives';

/**
 * The sales, discount-rule and eligibility side of the Retailer Integration API (REST), and its error body. The
 * catalog side is in `retailer-catalog.ts`; both make up the published OpenAPI document.
 */

/** Every error answer: `{ error: { code, message, field } }` with a 4xx/5xx status. */
export const RetailerErrorBodySchema = z
  .object({
    error: z.object({
      code: z
        .string()
        .min(1)
        .meta({ examples: ['validation_failed', 'insufficient_stock', 'unauthorized'] }),
      message: z.string(),
      field: z.string().nullable().meta({ description: 'The request field at fault, when one is' }),
    }),
  })
  .meta({ id: 'RetailerError' });

export const SaleStatusSchema = z.enum(['registered', 'completed', 'cancelled']);

export const RegisterSaleRequestSchema = z
  .object({
    orderId: z.string().min(1).max(100).meta({ description: "The hub's order id: a second registration with it returns the first sale" }),
    tenantId: z.string().min(1).max(100).optional(),
    customer: z.object({
      name: z.string().min(1).max(200),
      document: z.string().min(11).max(18).meta({ description: 'CPF or CNPJ, digits with or without punctuation' }),
      phone: z.string().max(20).optional(),
      email: z.email().max(254).optional(),
    }),
    items: z
      .array(
        z.object({
          productId: RetailerId,
          sku: z.string().min(1).max(100).optional(),
          quantity: z.number().int().min(1).max(10_000),
          unitPriceCents: Centavos,
        }),
      )
      .min(1)
      .max(200),
    totalCents: Centavos,
    paymentMethod: z.string().min(1).max(40).optional(),
    notes: z.string().max(1_000).optional(),
  })
  .meta({ id: 'RetailerRegisterSale' });
export type RetailerSaleRequest = z.output<typeof RegisterSaleRequestSchema>;

export const SaleReceiptSchema = z
  .object({ saleId: z.string().min(1), orderId: z.string().min(1), status: SaleStatusSchema, createdAt: IsoInstant })
  .meta({ id: 'RetailerSaleReceipt' });
export type RetailerSaleReceipt = z.output<typeof SaleReceiptSchema>;

export const SaleSchema = z
  .object({
    saleId: z.string().min(1),
    orderId: z.string().min(1),
    tenantId: z.string().nullable(),
    status: SaleStatusSchema,
    customer: z.object({ name: z.string(), document: z.string(), phone: z.string().nullable(), email: z.string().nullable() }),
    items: z.array(z.object({ productId: z.string(), sku: z.string(), quantity: z.number().int(), unitPriceCents: Centavos })),
    totalCents: Centavos,
    paymentMethod: z.string().nullable(),
    notes: z.string().nullable(),
    createdAt: IsoInstant,
    updatedAt: IsoInstant,
    completedAt: IsoInstant.nullable(),
    cancelledAt: IsoInstant.nullable(),
  })
  .meta({ id: 'RetailerSale' });
export type RetailerSale = z.output<typeof SaleSchema>;

export const CancelSaleRequestSchema = z.object({ reason: z.string().max(500).optional() }).meta({ id: 'RetailerCancelSale' });

/** Limits of `GET /v1/discount-rules`. */
export const RetailerDiscountRuleLimits = { pageSize: 1_000, defaultPageSize: 200 } as const;

/** `GET /v1/discount-rules` query. */
export const RetailerDiscountRulesQuerySchema = z.object({
  cursor: z.string().min(1).max(2_000).optional().meta({ description: 'The `nextCursor` of the previous page; absent for the first' }),
  limit: z.coerce.number().int().min(1).max(RetailerDiscountRuleLimits.pageSize).default(RetailerDiscountRuleLimits.defaultPageSize),
  updatedSince: IsoInstant.optional().meta({ description: 'Only rules whose updatedAt is at or after this instant' }),
});
export type RetailerDiscountRulesQuery = z.output<typeof RetailerDiscountRulesQuerySchema>;

/**
 * `GET /v1/discount-rules` answer as the retailer serves it: rules in the hub's pricing rule model, disabled and
 * deleted ones included (`enabled: false`). The hub reads it with `RetailerPricingRulePageSchema`, rule by rule.
 */
export const RetailerDiscountRulePageSchema = z
  .object({
    items: z.array(RetailerPricingRuleSchema),
    nextCursor: z.string().min(1).max(2_000).nullable().meta({ description: 'null on the last page' }),
  })
  .meta({ id: 'RetailerDiscountRulePage' });
export type RetailerDiscountRulePage = z.output<typeof RetailerDiscountRulePageSchema>;

export const EligibilitySchema = z
  .object({
    eligible: z.boolean().meta({ description: 'May get loyalty discounts' }),
    registered: z.boolean().meta({ description: 'The retailer knows the customer (rules with `registeredOnly` need it)' }),
    tier: z.enum(['bronze', 'silver', 'gold']).nullable(),
    segments: z
      .array(z.string().min(1).max(100))
      .max(100)
      .meta({ description: 'Customer segments the rules may target', examples: [['b2b', 'employee']] }),
    reasons: z.array(z.string()).meta({ examples: [['loyalty_member', 'tier_gold']] }),
  })
  .meta({ id: 'RetailerEligibility' });
export type RetailerEligibility = z.output<typeof EligibilitySchema>;

/**
 * The retailer's push when a sale reaches its final status on its side (PARTNERS §4: sale id and final status),
 * signed with Standard Webhooks and posted to `POST /v1/inbound/{tenantId}/retailer`; the orders service moves the
 * order with it (`sale.completed` → COMPLETED, `sale.cancelled` → CANCELLED).
 */
export const RetailerSaleWebhookSchema = z
  .object({
    type: z.enum(['sale.completed', 'sale.cancelled']),
    timestamp: IsoInstant,
    data: z.object({
      saleId: z.string().min(1).max(100),
      orderId: z.string().min(1).max(100).meta({ description: "The hub's order id the sale was registered with" }),
      tenantId: z.string().nullable().optional(),
      status: z.enum(['completed', 'cancelled']),
      occurredAt: IsoInstant,
    }),
  })
  .meta({ id: 'RetailerSaleWebhook' });
export type RetailerSaleWebhook = z.output<typeof RetailerSaleWebhookSchema>;
