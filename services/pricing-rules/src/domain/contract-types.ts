// The contract's types the engine uses, re-exported so domain files import them from one place.
export type { NotAppliedReason, PricingRuleSpec, RuleAction, RuleConditions, RuleTarget } from '@looma-hub/contracts';
import type { RuleCombinations, RuleKinds } from '@looma-hub/contracts';
export type RuleKind = (typeof RuleKinds)[number];
export type RuleCombination = (typeof RuleCombinations)[number];
