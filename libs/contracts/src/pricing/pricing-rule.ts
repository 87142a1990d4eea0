import { z } from 'zod';
import { Centavos, IsoInstant } from '../retailer/primitives';

/**
 * A discount rule as the hub prices with it: the same shape whether the retailer publishes it (Retailer Integration
 * API `GET /v1/discount-rules`, Kafka `retailer.pricing.v1`) or an admin writes it (`/admin/tenants/:t/pricing/rules`).
 *
 * A rule = what it is (`kind`, for people and reports), which lines it touches (`target`), when it may apply
 * (`conditions`), what it does (`action`) and how it combines with the others (`priority`, `combination`). How the
 * engine combines rules is documented in services/pricing-rules/src/domain/README.md.
 */

export const RuleKinds = ['promotion', 'customer', 'coupon', 'catalog'] as const;
export const RuleCombinations = ['exclusive', 'stackable', 'best-deal'] as const;
export const RuleSources = ['retailer', 'admin'] as const;

const Bps = z.number().int().min(1).max(10_000).meta({ description: 'Basis points: 1000 = 10%, 10000 = 100%' });
const Ids = (description: string) => z.array(z.string().min(1).max(200)).max(10_000).default([]).meta({ description });

export const RuleTargetSchema = z
  .object({
    productIds: Ids("The retailer's product ids"),
    variantIds: Ids("The retailer's variant ids"),
    categories: Ids('Category names (accents and case ignored)'),
    manufacturers: Ids('Manufacturer or brand names (accents and case ignored)'),
    collections: Ids('Collection names (accents and case ignored)'),
  })
  .meta({
    id: 'PricingRuleTarget',
    description: 'A line matches when it matches any list; every list empty = every line of the cart',
  });
export type RuleTarget = z.output<typeof RuleTargetSchema>;

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export const RuleConditionsSchema = z
  .object({
    validFrom: IsoInstant.nullable().default(null),
    validUntil: IsoInstant.nullable().default(null).meta({ description: 'Inclusive end' }),
    weekdays: z
      .array(z.union(WEEKDAYS.map((d) => z.literal(d))))
      .max(7)
      .default([])
      .meta({ description: 'ISO weekdays in America/Sao_Paulo (1 = Monday); empty = every day' }),
    hours: z
      .object({ from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/), until: z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/) })
      .nullable()
      .default(null)
      .meta({ description: 'Wall-clock hours in America/Sao_Paulo, `from` inclusive, `until` exclusive' }),
    minQuantity: z.number().int().min(1).max(1_000_000).nullable().default(null).meta({ description: 'Units of the matching lines' }),
    minCartValueCents: Centavos.nullable().default(null).meta({ description: 'Cart subtotal at the prices in force, before discounts' }),
    registeredOnly: z.boolean().default(false).meta({ description: 'Only customers the eligibility check knows' }),
    tiers: Ids('Loyalty tiers allowed; empty = any (a non-empty list needs an eligibility check)'),
    segments: Ids('Customer segments allowed; empty = any (a non-empty list needs an eligibility check)'),
    channels: Ids('Sales channels allowed (e.g. whatsapp, omnichat); empty = any'),
    stores: Ids('Store ids allowed; empty = any'),
  })
  .meta({ id: 'PricingRuleConditions' });
export type RuleConditions = z.output<typeof RuleConditionsSchema>;

const maxDiscountCents = Centavos.nullable().default(null).meta({ description: "Cap on the rule's whole discount in a cart" });

export const RuleActionSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('percent-off'), bps: Bps, maxDiscountCents }),
    z.object({
      type: z.literal('amount-off'),
      amountCents: Centavos.min(1),
      per: z.enum(['unit', 'order']).meta({ description: 'unit: off each matching unit; order: once, spread over the matching lines' }),
    }),
    z.object({
      type: z.literal('fixed-price'),
      unitPriceCents: Centavos.meta({ description: 'Matching units cost this (when it is lower)' }),
    }),
    z.object({
      type: z.literal('buy-x-get-y'),
      buy: z.number().int().min(1).max(1_000),
      get: z.number().int().min(1).max(1_000),
      bps: Bps.default(10_000).meta({ description: 'Off each "get" unit (10000 = free); the cheapest matching units are the ones given' }),
    }),
    z.object({
      type: z.literal('progressive'),
      basis: z.enum(['quantity', 'cart-value']).meta({ description: 'Units or subtotal (centavos) of the matching lines' }),
      tiers: z
        .array(z.object({ min: z.number().int().min(1), bps: Bps }))
        .min(1)
        .max(50)
        .refine((t) => t.every((tier, i) => i === 0 || tier.min > (t[i - 1]?.min ?? 0)), 'tiers must be in increasing order of min'),
      maxDiscountCents,
    }),
    z.object({ type: z.literal('free-shipping') }),
  ])
  .meta({ id: 'PricingRuleAction' });
export type RuleAction = z.output<typeof RuleActionSchema>;

export const CouponSchema = z
  .object({
    code: z.string().min(2).max(60).meta({ description: 'Case and accents ignored' }),
    usageLimit: z.number().int().min(1).nullable().default(null).meta({ description: 'Uses in total; null = unlimited' }),
    perCustomerLimit: z.number().int().min(1).nullable().default(null).meta({ description: 'Uses per CPF/CNPJ; null = unlimited' }),
  })
  .meta({ id: 'PricingRuleCoupon' });
export type Coupon = z.output<typeof CouponSchema>;

/** What a retailer publishes or an admin writes. */
export const PricingRuleInputSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[\w.:-]+$/, 'letters, digits and . _ : - only'),
    name: z.string().min(1).max(200),
    description: z.string().max(2_000).default(''),
    kind: z.enum(RuleKinds),
    target: RuleTargetSchema.default({ productIds: [], variantIds: [], categories: [], manufacturers: [], collections: [] }),
    conditions: RuleConditionsSchema.default({
      validFrom: null,
      validUntil: null,
      weekdays: [],
      hours: null,
      minQuantity: null,
      minCartValueCents: null,
      registeredOnly: false,
      tiers: [],
      segments: [],
      channels: [],
      stores: [],
    }),
    action: RuleActionSchema,
    coupon: CouponSchema.nullable()
      .default(null)
      .meta({ description: 'Set on coupon rules: the rule applies only when its code is given' }),
    priority: z.number().int().min(-1_000_000).max(1_000_000).default(0).meta({ description: 'Higher applies first' }),
    combination: z.enum(RuleCombinations).default('stackable'),
    enabled: z.boolean().default(true),
  })
  .superRefine((r, ctx) => {
    if ((r.kind === 'coupon') !== (r.coupon !== null)) {
      ctx.addIssue({ code: 'custom', path: ['coupon'], message: 'a coupon rule needs a coupon, and only a coupon rule has one' });
    }
    const { validFrom, validUntil } = r.conditions;
    if (validFrom && validUntil && Date.parse(validUntil) < Date.parse(validFrom)) {
      ctx.addIssue({ code: 'custom', path: ['conditions', 'validUntil'], message: 'must not be before validFrom' });
    }
  })
  .meta({ id: 'PricingRuleInput' });
export type PricingRuleInput = z.input<typeof PricingRuleInputSchema>;
export type PricingRuleSpec = z.output<typeof PricingRuleInputSchema>;

/** What the retailer publishes: the rule plus its own clock (`updatedAt` orders versions; an older one changes nothing). */
export const RetailerPricingRuleSchema = z
  .intersection(PricingRuleInputSchema, z.object({ updatedAt: IsoInstant }))
  .meta({ id: 'RetailerPricingRule' });
export type RetailerPricingRule = z.output<typeof RetailerPricingRuleSchema>;

export const RetailerPricingRulePageSchema = z
  .object({ items: z.array(z.unknown()), nextCursor: z.string().min(1).max(2_000).nullable() })
  .meta({ id: 'RetailerPricingRulePage', description: 'Items are checked one by one: a bad rule is set aside, the page still applies' });

/** A rule as the hub stores and serves it. */
export const PricingRuleViewSchema = z
  .intersection(
    PricingRuleInputSchema,
    z.object({
      tenantId: z.string(),
      source: z.enum(RuleSources),
      version: z.number().int().meta({ description: 'Grows on every change' }),
      sourceUpdatedAt: IsoInstant.nullable(),
      createdAt: IsoInstant,
      updatedAt: IsoInstant,
    }),
  )
  .meta({ id: 'PricingRule' });
export type PricingRuleView = z.output<typeof PricingRuleViewSchema>;
