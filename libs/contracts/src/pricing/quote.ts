import { z } from 'zod';
import { Centavos, IsoInstant } from '../retailer/primitives';

/** Lines in one quote at most (a chat cart is far smaller; the bound keeps one request's cost bounded). */
export const QUOTE_MAX_LINES = 500;
export const QUOTE_MAX_COUPONS = 10;

export const QuoteLineInputSchema = z
  .object({
    productId: z.string().min(1).max(200).meta({ description: "The hub's product id, the retailer's product id, a SKU or an EAN" }),
    variantId: z.string().min(1).max(200).nullish().meta({ description: "The retailer's variant id" }),
    quantity: z.number().int().min(1).max(100_000),
  })
  .meta({ id: 'QuoteLineInput' });
export type QuoteLineInput = z.output<typeof QuoteLineInputSchema>;

export const QuoteRequestSchema = z
  .object({
    lines: z.array(QuoteLineInputSchema).min(1).max(QUOTE_MAX_LINES),
    customer: z
      .object({
        document: z.string().min(1).max(30).optional().meta({ description: 'CPF or CNPJ (any punctuation)' }),
        phone: z.string().min(1).max(30).optional(),
      })
      .optional(),
    coupons: z.array(z.string().min(1).max(60)).max(QUOTE_MAX_COUPONS).default([]),
    store: z.string().min(1).max(100).optional(),
    channel: z
      .string()
      .min(1)
      .max(50)
      .optional()
      .meta({ examples: ['whatsapp'] }),
    at: IsoInstant.optional().meta({ description: 'Price this instant instead of now' }),
  })
  .meta({ id: 'QuoteRequest' });
export type QuoteRequest = z.output<typeof QuoteRequestSchema>;

export const AppliedDiscountSchema = z
  .object({
    ruleId: z.string(),
    name: z.string(),
    kind: z.string(),
    amountCents: Centavos,
  })
  .meta({ id: 'AppliedDiscount' });
export type AppliedDiscount = z.output<typeof AppliedDiscountSchema>;

export const LineErrorCodes = ['product-not-found', 'product-inactive', 'variant-not-found', 'variant-inactive'] as const;

export const QuoteLineSchema = z
  .object({
    index: z.number().int().meta({ description: 'Position of the line in the request' }),
    productId: z.string(),
    variantId: z.string().nullable(),
    externalId: z.string().nullable().meta({ description: "The retailer's product id" }),
    name: z.string().nullable(),
    quantity: z.number().int(),
    regularUnitPriceCents: Centavos.nullable(),
    effectiveUnitPriceCents: Centavos.nullable().meta({ description: "The catalog's price in force (promo price inside its window)" }),
    subtotalCents: Centavos.meta({ description: 'effective unit price × quantity' }),
    discounts: z.array(AppliedDiscountSchema),
    discountCents: Centavos,
    totalCents: Centavos.meta({ description: 'subtotal − discounts, never below zero' }),
    error: z
      .object({ code: z.enum(LineErrorCodes), message: z.string() })
      .nullable()
      .meta({ description: 'Set when the line cannot be priced; it then counts for nothing in the totals' }),
  })
  .meta({ id: 'QuoteLine' });
export type QuoteLine = z.output<typeof QuoteLineSchema>;

export const NotAppliedReasons = [
  'not-started',
  'expired',
  'outside-hours',
  'below-min-quantity',
  'below-min-cart-value',
  'customer-required',
  'not-eligible',
  'eligibility-unavailable',
  'channel-not-allowed',
  'store-not-allowed',
  'coupon-unknown',
  'coupon-disabled',
  'coupon-exhausted',
  'coupon-customer-limit',
  'coupon-customer-required',
  'exclusive-rule-applied',
  'not-combinable',
  'better-deal-applied',
  'nothing-to-discount',
] as const;
export type NotAppliedReason = (typeof NotAppliedReasons)[number];

export const NotAppliedRuleSchema = z
  .object({
    ruleId: z.string().nullable().meta({ description: 'null for a coupon code no rule has' }),
    name: z.string().nullable(),
    couponCode: z.string().nullable(),
    reason: z.enum(NotAppliedReasons),
    message: z.string(),
  })
  .meta({ id: 'NotAppliedRule' });
export type NotAppliedRule = z.output<typeof NotAppliedRuleSchema>;

export const QuoteSchema = z
  .object({
    at: IsoInstant.meta({ description: 'The instant priced' }),
    currency: z.literal('BRL'),
    lines: z.array(QuoteLineSchema),
    discounts: z.array(AppliedDiscountSchema).meta({ description: 'Each rule applied, with its amount over the whole cart' }),
    notApplied: z.array(NotAppliedRuleSchema),
    freeShipping: z.boolean(),
    coupons: z.array(z.object({ code: z.string(), ruleId: z.string().nullable(), applied: z.boolean() })),
    subtotalCents: Centavos,
    discountCents: Centavos,
    totalCents: Centavos.meta({ description: 'Sum of the lines’ totals, exactly' }),
    rulesVersion: z.number().int().meta({ description: "The tenant's rule-set version this quote used" }),
  })
  .meta({ id: 'Quote' });
export type Quote = z.output<typeof QuoteSchema>;
