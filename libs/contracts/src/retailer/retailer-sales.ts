import { z } from 'zod';
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

export const DiscountRuleSchema = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    description: z.string(),
    kind: z.enum(['promotion', 'loyalty', 'coupon', 'product', 'category']),
    discountType: z.enum(['amount', 'percentage']),
    amountCents: Centavos.nullable().meta({ description: 'Set when discountType is amount' }),
    percentageBps: z.number().int().min(0).max(10_000).nullable().meta({ description: 'Set when discountType is percentage: 1000 = 10%' }),
    appliesTo: z.object({
      scope: z.enum(['order', 'product', 'category']),
      productIds: z.array(z.string()),
      categories: z.array(z.string()),
    }),
    couponCode: z.string().nullable(),
    loyaltyTiers: z.array(z.string()).meta({ description: 'Tiers the rule is restricted to; empty = every customer' }),
    minOrderCents: Centavos.nullable(),
    minQuantity: z.number().int().nullable(),
    maxDiscountCents: Centavos.nullable(),
    usageLimit: z.number().int().nullable(),
    perCustomerLimit: z.number().int().nullable(),
    priority: z.number().int().meta({ description: 'Higher runs first' }),
    stackable: z.boolean(),
    validFrom: IsoInstant,
    validUntil: IsoInstant.nullable(),
    active: z.boolean(),
    updatedAt: IsoInstant,
  })
  .meta({ id: 'RetailerDiscountRule' });
export type RetailerDiscountRule = z.output<typeof DiscountRuleSchema>;

export const DiscountRuleListSchema = z.object({ items: z.array(DiscountRuleSchema) }).meta({ id: 'RetailerDiscountRuleList' });

export const EligibilitySchema = z
  .object({
    eligible: z.boolean(),
    tier: z.enum(['bronze', 'silver', 'gold']).nullable(),
    reasons: z.array(z.string()).meta({ examples: [['loyalty_member', 'tier_gold']] }),
  })
  .meta({ id: 'RetailerEligibility' });
export type RetailerEligibility = z.output<typeof EligibilitySchema>;
