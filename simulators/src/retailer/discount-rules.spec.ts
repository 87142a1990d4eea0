import {
  PricingRuleInputSchema,
  RetailerPricingEventSchema,
  RetailerPricingEventTypes,
  RetailerPricingRuleSchema,
} from '@looma-hub/contracts';
import { decodeCursor } from './product-cursor';
import { DiscountRuleBook, type DiscountRuleRecord } from './discount-rules';
import { pricingEvent } from './pricing-events.publisher';
import { seedDiscountRules, seedProducts } from './retailer.fixtures';

const NOW = Date.parse('2026-11-20T12:00:00.000-03:00');

function walk(book: DiscountRuleBook, limit: number, sinceMs: number | null = null): { ids: string[]; pages: number } {
  const ids: string[] = [];
  let after = null;
  let pages = 0;
  do {
    const page = book.list({ after, sinceMs, limit });
    ids.push(...page.items.map((r) => r.id));
    pages++;
    after = page.nextCursor === null ? null : decodeCursor(page.nextCursor);
  } while (after !== null);
  return { ids, pages };
}

const rule = (id: string) => PricingRuleInputSchema.parse({ id, name: id, kind: 'promotion', action: { type: 'free-shipping' } });

describe('the seeded discount rules', () => {
  const seeded = seedDiscountRules(NOW);
  const rules = seeded.map((r) => r.rule);

  it('cover every action, kind and combination, and rules past, future and disabled', () => {
    const actions = rules.map((r) =>
      r.action.type === 'amount-off'
        ? `amount-off/${r.action.per}`
        : r.action.type === 'progressive'
          ? `progressive/${r.action.basis}`
          : r.action.type,
    );
    expect(new Set(actions)).toEqual(
      new Set([
        'percent-off',
        'amount-off/unit',
        'amount-off/order',
        'fixed-price',
        'buy-x-get-y',
        'progressive/quantity',
        'progressive/cart-value',
        'free-shipping',
      ]),
    );
    expect(new Set(rules.map((r) => r.kind))).toEqual(new Set(['promotion', 'customer', 'coupon', 'catalog']));
    expect(new Set(rules.map((r) => r.combination))).toEqual(new Set(['exclusive', 'stackable', 'best-deal']));
    expect(
      rules
        .filter((r) => r.kind === 'customer')
        .flatMap((r) => [...r.conditions.tiers, ...r.conditions.segments])
        .sort(),
    ).toEqual(['b2b', 'employee', 'gold', 'silver']);
    const at = (iso: string | null) => (iso === null ? null : Date.parse(iso));
    expect(rules.filter((r) => (at(r.conditions.validUntil) ?? Infinity) < NOW).map((r) => r.id)).toEqual([
      'promo-carnaval-bebidas',
      'cupom-natal20',
    ]);
    expect(rules.filter((r) => (at(r.conditions.validFrom) ?? -Infinity) > NOW).map((r) => r.id)).toEqual([
      'promo-black-friday-eletronicos',
      'cupom-black15',
    ]);
    expect(rules.filter((r) => !r.enabled).map((r) => r.id)).toEqual(['promo-limpeza-5-reais']);
    expect(rules.find((r) => r.coupon?.code === 'BEMVINDO10')).toMatchObject({
      action: { type: 'amount-off', amountCents: 1000, per: 'order' },
      coupon: { usageLimit: 1000, perCustomerLimit: 1 },
      conditions: { minCartValueCents: 10000 },
    });
  });

  it('target products, variants, categories and manufacturers the demo catalog has', () => {
    const products = seedProducts(NOW);
    const missing = rules.flatMap((r) => [
      ...r.target.productIds.filter((id) => !products.some((p) => p.id === id)).map((id) => `${r.id}: product ${id}`),
      ...r.target.variantIds
        .filter((id) => !products.some((p) => p.variants.some((v) => v.id === id)))
        .map((id) => `${r.id}: variant ${id}`),
      ...r.target.categories.filter((c) => !products.some((p) => p.categories.includes(c))).map((c) => `${r.id}: category ${c}`),
      ...r.target.manufacturers.filter((m) => !products.some((p) => p.manufacturer === m)).map((m) => `${r.id}: manufacturer ${m}`),
    ]);
    expect(missing).toEqual([]);
    expect(rules.filter((r) => r.target.manufacturers.length && r.target.variantIds.length === 0).length).toBeGreaterThan(0);
  });

  it('are what the contract publishes, with distinct updatedAt oldest first', () => {
    const book = new DiscountRuleBook(() => NOW, seeded);
    const items = book.list({ after: null, sinceMs: null, limit: 1000 }).items;
    expect(items.filter((r) => !RetailerPricingRuleSchema.safeParse(r).success)).toEqual([]);
    expect(items.map((r) => r.id)).toEqual(rules.map((r) => r.id));
    expect(new Set(items.map((r) => r.updatedAt)).size).toBe(items.length);
  });
});

describe('DiscountRuleBook', () => {
  let clock = NOW;
  const book = () => new DiscountRuleBook(() => clock, seedDiscountRules(NOW));

  it('walks every rule exactly once by cursor, in (updatedAt, id) order', () => {
    const b = book();
    const all = walk(b, 1000).ids;
    expect(walk(b, 5)).toEqual({ ids: all, pages: Math.ceil(all.length / 5) });
    expect(walk(b, 1).ids).toEqual(all);
  });

  it('serves from updatedSince on, inclusive, and shows a change made mid-walk again at the end', () => {
    clock = NOW;
    const b = book();
    const [changed] = b.upsert([rule('promo-novo')]);
    expect(walk(b, 3, changed?.updatedAtMs ?? 0).ids).toEqual(['promo-novo']);

    const first = b.list({ after: null, sinceMs: null, limit: 2 });
    b.upsert([rule(first.items[0]?.id ?? '')]);
    const rest = walk(b, 1000).ids;
    expect(rest.at(-1)).toBe(first.items[0]?.id);
  });

  it('keeps a deleted rule in the feed, disabled, with a newer updatedAt; an upsert brings it back', () => {
    clock = NOW;
    const b = book();
    const before = b.get('cupom-bemvindo10') as DiscountRuleRecord;
    const [deleted] = b.delete(['cupom-bemvindo10', 'no-such-rule']);
    expect(deleted).toMatchObject({ deleted: true, rule: { ...before.rule, enabled: false } });
    expect(deleted?.updatedAtMs).toBeGreaterThan(before.updatedAtMs);
    expect(walk(b, 1000, deleted?.updatedAtMs ?? 0).ids).toEqual(['cupom-bemvindo10']);
    const [back] = b.upsert([before.rule]);
    expect(back).toMatchObject({ deleted: false, rule: { enabled: true } });
    expect(b.size()).toBe(seedDiscountRules(NOW).length);
  });
});

describe('pricing events', () => {
  it('carry an upsert as the whole rule and a deletion as its id and instant, in the published schema', () => {
    const b = new DiscountRuleBook(() => NOW, seedDiscountRules(NOW));
    const [upserted] = b.upsert([rule('promo-novo')]);
    const [deleted] = b.delete(['promo-novo']);
    const events = [upserted, deleted].map((r) => RetailerPricingEventSchema.parse(pricingEvent('tenant-a', r as DiscountRuleRecord)));
    expect(events.map((e) => [e.type, e.tenantid, e.subject])).toEqual([
      [RetailerPricingEventTypes.ruleUpserted, 'tenant-a', 'promo-novo'],
      [RetailerPricingEventTypes.ruleDeleted, 'tenant-a', 'promo-novo'],
    ]);
    expect(events[1]?.data).toEqual({ id: 'promo-novo', updatedAt: '2026-11-20T12:00:00.002-03:00' });
  });
});
