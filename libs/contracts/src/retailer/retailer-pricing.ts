import { z } from 'zod';
import { PricingRuleInputSchema, RetailerPricingRuleSchema } from '../pricing/pricing-rule';
import { IsoInstant } from './primitives';
import { RetailerCatalogEventSchema } from './retailer-catalog';

/**
 * The push transport of the retailer's discount rules: instead of (or besides) answering `GET /v1/discount-rules`,
 * a retailer publishes each change of a rule as a Kafka event, in the same rule model. Published as
 * `libs/contracts/published/retailer-pricing.asyncapi.yaml`.
 */

/** The topic a retailer publishes its rule changes to, keyed `<tenantId>:<ruleId>` (one rule, one partition). */
export const RetailerPricingTopics = {
  pricing: 'retailer.pricing.v1',
} as const;

export const RetailerPricingEventTypes = {
  ruleUpserted: 'retailer.pricing-rule.upserted.v1',
  ruleDeleted: 'retailer.pricing-rule.deleted.v1',
} as const;

export const PricingRuleDeletedSchema = z.object({ id: PricingRuleInputSchema.shape.id, updatedAt: IsoInstant }).meta({
  id: 'RetailerPricingRuleDeleted',
  description: 'The retailer deleted the rule: the hub disables it; an upserted event with a newer updatedAt brings it back',
});
export type RetailerPricingRuleDeleted = z.output<typeof PricingRuleDeletedSchema>;

// The CloudEvents envelope of the retailer's catalog events, defined once there: both topics carry the same one.
const envelope = RetailerCatalogEventSchema.options[0].omit({ type: true, data: true }).shape;

export const RetailerPricingEventSchema = z.discriminatedUnion('type', [
  z.object({ ...envelope, type: z.literal(RetailerPricingEventTypes.ruleUpserted), data: RetailerPricingRuleSchema }).meta({
    id: 'RetailerPricingRuleUpsertedEvent',
  }),
  z.object({ ...envelope, type: z.literal(RetailerPricingEventTypes.ruleDeleted), data: PricingRuleDeletedSchema }).meta({
    id: 'RetailerPricingRuleDeletedEvent',
  }),
]);
export type RetailerPricingEvent = z.output<typeof RetailerPricingEventSchema>;
