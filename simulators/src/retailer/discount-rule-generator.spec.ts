import { RetailerPricingRuleSchema } from '@looma-hub/contracts';
import { type DiscountRuleSetSpec, generateDiscountRules } from './discount-rule-generator';

const spec: DiscountRuleSetSpec = {
  count: 3_000,
  seed: 7,
  idPrefix: 'GEN-',
  asOfMs: Date.parse('2026-11-20T12:00:00.000-03:00'),
  productIds: ['1001', '1003', '1017'],
  categories: ['Mercearia', 'Bebidas'],
  manufacturers: ['Ambev'],
};

describe('generated discount rules', () => {
  const rules = generateDiscountRules(spec);

  it('are the same rules from the same seed and others from another', () => {
    expect(generateDiscountRules(spec)).toEqual(rules);
    const other = generateDiscountRules({ ...spec, seed: 8 });
    expect(other.filter((r, i) => JSON.stringify(r) === JSON.stringify(rules[i])).length).toBeLessThan(30);
    expect(rules.slice(0, 2).map((r) => r.id)).toEqual(['GEN-0000000', 'GEN-0000001']);
  });

  it('are valid rules of every action, kind and combination, with unique ids and coupon codes', () => {
    const invalid = rules.filter((r) => !RetailerPricingRuleSchema.safeParse({ ...r, updatedAt: '2026-11-20T12:00:00.000-03:00' }).success);
    expect(invalid).toEqual([]);
    expect(new Set(rules.map((r) => r.action.type)).size).toBe(6);
    expect(new Set(rules.map((r) => r.kind))).toEqual(new Set(['promotion', 'customer', 'coupon', 'catalog']));
    expect(new Set(rules.map((r) => r.combination))).toEqual(new Set(['exclusive', 'stackable', 'best-deal']));
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    const codes = rules.flatMap((r) => (r.coupon ? [r.coupon.code] : []));
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThan(300);
  });

  it('target only what they are given, and some are past, future or disabled', () => {
    const targets = rules.map((r) => r.target);
    expect([...new Set(targets.flatMap((t) => t.productIds))].sort()).toEqual(['1001', '1003', '1017']);
    expect([...new Set(targets.flatMap((t) => t.categories))].sort()).toEqual(['Bebidas', 'Mercearia']);
    expect([...new Set(targets.flatMap((t) => t.manufacturers))]).toEqual(['Ambev']);
    const expired = rules.filter((r) => r.conditions.validUntil !== null && Date.parse(r.conditions.validUntil) < spec.asOfMs).length;
    const future = rules.filter((r) => r.conditions.validFrom !== null && Date.parse(r.conditions.validFrom) > spec.asOfMs).length;
    const disabled = rules.filter((r) => !r.enabled).length;
    for (const n of [expired, future]) expect(n / rules.length).toBeCloseTo(0.1, 1);
    expect(disabled / rules.length).toBeCloseTo(0.05, 1);
  });
});
