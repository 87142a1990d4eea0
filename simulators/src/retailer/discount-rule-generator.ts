import { type PricingRuleInput, PricingRuleInputSchema } from '@looma-hub/contracts';
import { toSaoPauloIso } from '../common/dates';
import { hash } from './catalog/generator';
import { type DiscountRuleSpec } from './retailer.types';

const DAY = 86_400_000;

/** What makes a generated rule set: the same spec always gives the same rules, rule by rule. */
export interface DiscountRuleSetSpec {
  count: number;
  seed: number;
  /** Rule ids are `<prefix><index, 7 digits>`. */
  idPrefix: string;
  /** The instant the windows are relative to. */
  asOfMs: number;
  /** What the rules may target (each list non-empty, or the rules target every line instead). */
  productIds: readonly string[];
  categories: readonly string[];
  manufacturers: readonly string[];
}

const TIERS = ['gold', 'silver', 'bronze'] as const;
const SEGMENTS = ['b2b', 'employee', 'vip'] as const;
const CHANNELS = ['whatsapp', 'omnichat'] as const;

function pick<T>(list: readonly T[], h: number): T {
  return list[h % list.length] as T;
}

export function generatedRuleId(spec: Pick<DiscountRuleSetSpec, 'idPrefix'>, index: number): string {
  return `${spec.idPrefix}${String(index).padStart(7, '0')}`;
}

/**
 * Rule `index` of a generated set: every action, kind and combination, targets drawn from the given products,
 * categories and manufacturers, about a tenth of the rules expired and a tenth not yet valid. Deterministic from
 * (seed, index, asOf), so a benchmark can ask for the same rule set twice.
 */
export function generateDiscountRule(spec: DiscountRuleSetSpec, index: number): DiscountRuleSpec {
  const h = (salt: number): number => hash(spec.seed, index, salt);
  const id = generatedRuleId(spec, index);
  const bps = 100 * (1 + (h(1) % 30));
  const cap = h(2) % 2 === 0 ? null : 1_000 * (1 + (h(3) % 50));
  const actions: PricingRuleInput['action'][] = [
    { type: 'percent-off', bps, maxDiscountCents: cap },
    { type: 'amount-off', amountCents: 50 * (1 + (h(4) % 40)), per: 'unit' },
    { type: 'amount-off', amountCents: 500 * (1 + (h(4) % 20)), per: 'order' },
    { type: 'fixed-price', unitPriceCents: 99 + 100 * (h(5) % 500) },
    { type: 'buy-x-get-y', buy: 1 + (h(6) % 3), get: 1, bps: h(7) % 2 === 0 ? 10_000 : 5_000 },
    {
      type: 'progressive',
      basis: 'quantity',
      tiers: [
        { min: 2, bps },
        { min: 5, bps: bps + 500 },
      ],
      maxDiscountCents: cap,
    },
    {
      type: 'progressive',
      basis: 'cart-value',
      tiers: [
        { min: 10_000 * (1 + (h(8) % 5)), bps },
        { min: 100_000, bps: bps + 300 },
      ],
      maxDiscountCents: cap,
    },
    { type: 'free-shipping' },
  ];
  const action = pick(actions, h(0));

  const kind = pick(
    ['promotion', 'promotion', 'promotion', 'promotion', 'customer', 'customer', 'coupon', 'coupon', 'catalog'] as const,
    h(10),
  );
  const target: NonNullable<PricingRuleInput['target']> = {};
  // As in a real rule set, most rules name products, some a category or a maker, and very few the whole cart (one in
  // 500: tier discounts, free shipping, cart-value tiers): a cart-wide rule is priced on every line of every quote.
  const focus = index % 500 === 0 ? 3 : h(11) % 20 < 14 ? 0 : h(11) % 20 < 17 ? 1 : 2;
  if (focus === 0 && spec.productIds.length) {
    target.productIds = [0, 1, 2].slice(0, 1 + (h(12) % 3)).map((k) => pick(spec.productIds, h(13 + k)));
  } else if (focus === 1 && spec.categories.length) target.categories = [pick(spec.categories, h(12))];
  else if (focus === 2 && spec.manufacturers.length) target.manufacturers = [pick(spec.manufacturers, h(12))];
  if (target.productIds) target.productIds = [...new Set(target.productIds)];

  const conditions: NonNullable<PricingRuleInput['conditions']> = {};
  const window = h(20) % 10;
  const start = spec.asOfMs - DAY * (1 + (h(21) % 30));
  if (window === 0) {
    conditions.validFrom = toSaoPauloIso(start - 60 * DAY);
    conditions.validUntil = toSaoPauloIso(start - 30 * DAY);
  } else if (window === 1) {
    conditions.validFrom = toSaoPauloIso(spec.asOfMs + DAY * (1 + (h(21) % 30)));
    conditions.validUntil = toSaoPauloIso(spec.asOfMs + DAY * (40 + (h(22) % 30)));
  } else {
    conditions.validFrom = toSaoPauloIso(start);
    conditions.validUntil = h(22) % 3 === 0 ? null : toSaoPauloIso(spec.asOfMs + DAY * (1 + (h(23) % 60)));
  }
  if (action.type === 'free-shipping' || (action.type === 'amount-off' && action.per === 'order')) {
    conditions.minCartValueCents = 5_000 * (1 + (h(24) % 40));
  }
  if (h(25) % 8 === 0) conditions.channels = [pick(CHANNELS, h(26))];
  if (kind === 'customer') {
    if (h(27) % 2 === 0) conditions.tiers = [pick(TIERS, h(28))];
    else conditions.segments = [pick(SEGMENTS, h(28))];
    conditions.registeredOnly = h(29) % 2 === 0;
  }

  const code = `${spec.idPrefix.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}${index}`;
  const rule: PricingRuleInput = {
    id,
    name: `Regra gerada ${index} (${action.type})`,
    description: `Gerada da semente ${spec.seed} para testes de carga.`,
    kind,
    target,
    conditions,
    action,
    coupon:
      kind === 'coupon' ? { code, usageLimit: h(30) % 2 === 0 ? null : 100 * (1 + (h(31) % 50)), perCustomerLimit: 1 + (h(32) % 3) } : null,
    priority: h(40) % 100,
    combination: pick(['stackable', 'stackable', 'stackable', 'exclusive', 'best-deal'] as const, h(41)),
    enabled: h(42) % 20 !== 0,
  };
  return PricingRuleInputSchema.parse(rule);
}

export function generateDiscountRules(spec: DiscountRuleSetSpec): DiscountRuleSpec[] {
  return Array.from({ length: spec.count }, (_, i) => generateDiscountRule(spec, i));
}
