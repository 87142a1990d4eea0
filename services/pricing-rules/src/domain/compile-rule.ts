import type { PricingRuleSpec } from './contract-types';
import type { CompiledConditions, CompiledTarget, EngineRule } from './engine-types';
import { normalizeCode, normalizeName } from './normalize';

function setOrNull(values: readonly string[], normalize: (v: string) => string = (v) => v): ReadonlySet<string> | null {
  return values.length === 0 ? null : new Set(values.map(normalize));
}

function minutesOf(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** A stored rule in the form the engine evaluates fast: instants as epoch ms, lists as sets, names normalised. */
export function compileRule(rule: PricingRuleSpec): EngineRule {
  const t = rule.target;
  const target: CompiledTarget = {
    all:
      t.productIds.length === 0 &&
      t.variantIds.length === 0 &&
      t.categories.length === 0 &&
      t.manufacturers.length === 0 &&
      t.collections.length === 0,
    productIds: new Set(t.productIds),
    variantIds: new Set(t.variantIds),
    categories: new Set(t.categories.map(normalizeName)),
    manufacturers: new Set(t.manufacturers.map(normalizeName)),
    collections: new Set(t.collections.map(normalizeName)),
  };
  const c = rule.conditions;
  const conditions: CompiledConditions = {
    fromMs: c.validFrom === null ? null : Date.parse(c.validFrom),
    untilMs: c.validUntil === null ? null : Date.parse(c.validUntil),
    weekdays: c.weekdays.length === 0 ? null : new Set(c.weekdays),
    hours: c.hours === null ? null : { from: minutesOf(c.hours.from), until: minutesOf(c.hours.until) },
    minQuantity: c.minQuantity,
    minCartValueCents: c.minCartValueCents,
    registeredOnly: c.registeredOnly,
    tiers: setOrNull(c.tiers, normalizeName),
    segments: setOrNull(c.segments, normalizeName),
    channels: setOrNull(c.channels, normalizeName),
    stores: setOrNull(c.stores),
  };
  return {
    id: rule.id,
    name: rule.name,
    kind: rule.kind,
    priority: rule.priority,
    combination: rule.combination,
    target,
    conditions,
    action: rule.action,
    couponCode: rule.coupon === null ? null : normalizeCode(rule.coupon.code),
    couponLimits: rule.coupon === null ? null : { usageLimit: rule.coupon.usageLimit, perCustomerLimit: rule.coupon.perCustomerLimit },
    needsEligibility: conditions.registeredOnly || conditions.tiers !== null || conditions.segments !== null,
  };
}
