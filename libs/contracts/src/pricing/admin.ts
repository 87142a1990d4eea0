import { z } from 'zod';
import { intQueryParam } from '../retailer/primitives';
import { PricingRuleInputSchema, RuleKinds, RuleSources } from './pricing-rule';
import { QuoteRequestSchema, QuoteSchema } from './quote';

const booleanParam = z
  .enum(['true', 'false'], { message: 'must be true or false' })
  .transform((v) => v === 'true')
  .optional();

export const RuleListQuerySchema = z.strictObject({
  kind: z.enum(RuleKinds).optional(),
  source: z.enum(RuleSources).optional(),
  enabled: booleanParam,
  limit: intQueryParam(1, 500).default(100),
  cursor: z.string().min(1).max(200).optional().meta({ description: 'The `nextCursor` of the previous page' }),
});
export type RuleListQuery = z.output<typeof RuleListQuerySchema>;

export const RulePreviewRequestSchema = z
  .strictObject({ rule: PricingRuleInputSchema, cart: QuoteRequestSchema })
  .meta({ id: 'PricingRulePreviewRequest', description: 'A rule (new or changed, not stored) and a cart to price with it' });
export type RulePreviewRequest = z.output<typeof RulePreviewRequestSchema>;

export const RulePreviewSchema = z
  .object({
    applied: z.boolean(),
    amountCents: z.number().int().meta({ description: 'What the rule takes off this cart' }),
    reason: z.string().nullable().meta({ description: 'Why it did not apply' }),
    quote: QuoteSchema.meta({ description: 'The cart priced with the rule in force (replacing a stored rule of the same id)' }),
  })
  .meta({ id: 'PricingRulePreview' });
export type RulePreview = z.output<typeof RulePreviewSchema>;

export const PricingSettingsSchema = z
  .strictObject({
    eligibilitySource: z.enum(['retailer', 'loyalty', 'none']).meta({
      description: 'Who answers whether a customer qualifies for registered/tier/segment rules (loyalty: with the loyalty service)',
    }),
    eligibilityTtlMs: z.number().int().min(0).max(86_400_000).optional().meta({ description: 'How long an answer is reused' }),
    syncIntervalMinutes: z.number().int().min(1).max(1440).nullable().optional().meta({ description: 'null: the default' }),
  })
  .meta({ id: 'PricingSettings' });
export type PricingSettingsInput = z.output<typeof PricingSettingsSchema>;

export const StartPricingSyncSchema = z.strictObject({ mode: z.enum(['full', 'incremental']).default('incremental') });
export type StartPricingSync = z.output<typeof StartPricingSyncSchema>;
