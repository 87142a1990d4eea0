import { type PricingRuleInput, PricingRuleInputSchema } from '@looma-hub/contracts';
import fc from 'fast-check';
import { compileRule } from './compile-rule';
import type { CartLine, CouponStanding, CustomerContext, PricingContext } from './engine-types';
import { priceCart } from './pricing-engine';
import { RuleIndex } from './rule-index';

// 2026-12-02 12:00 in São Paulo (a Wednesday).
const NOON = Date.parse('2026-12-02T12:00:00-03:00');

function rule(input: Partial<PricingRuleInput> & Pick<PricingRuleInput, 'id' | 'action'>) {
  return compileRule(PricingRuleInputSchema.parse({ name: input.id, kind: 'promotion', ...input }));
}

function index(...rules: ReturnType<typeof rule>[]) {
  return new RuleIndex(rules, 1);
}

function line(productId: string, unitPriceCents: number, quantity = 1, extra: Partial<CartLine> = {}): CartLine {
  return { productId, variantId: null, quantity, unitPriceCents, categories: [], manufacturers: [], collections: [], ...extra };
}

function ctx(extra: Partial<PricingContext> = {}): PricingContext {
  return {
    atMs: NOON,
    channel: null,
    store: null,
    customer: { status: 'anonymous' },
    couponCodes: [],
    couponStanding: new Map(),
    ...extra,
  };
}

const gold: CustomerContext = { status: 'known', registered: true, tier: 'gold', segments: [] };

describe('priceCart: actions', () => {
  it('takes a percentage off the targeted lines, rounded half up, and leaves the others', () => {
    const r = priceCart(
      index(rule({ id: 'p10', action: { type: 'percent-off', bps: 1000 }, target: { productIds: ['a'] } })),
      [line('a', 1999), line('b', 500)],
      ctx(),
    );
    expect(r.lines.map((l) => l.totalCents)).toEqual([1799, 500]);
    expect(r.discounts).toEqual([{ ruleId: 'p10', name: 'p10', kind: 'promotion', amountCents: 200 }]);
    expect(r.totalCents).toBe(2299);
  });

  it('caps a percentage over the cart and spreads the capped amount exactly over the lines', () => {
    const r = priceCart(
      index(rule({ id: 'cap', action: { type: 'percent-off', bps: 5000, maxDiscountCents: 1000 } })),
      [line('a', 1000), line('b', 1000), line('c', 1000)],
      ctx(),
    );
    expect(r.discountCents).toBe(1000);
    expect(r.lines.map((l) => l.discountCents)).toEqual([334, 333, 333]);
    expect(r.lines.reduce((s, l) => s + l.totalCents, 0)).toBe(r.totalCents);
  });

  it('takes an amount per unit, never below zero', () => {
    const r = priceCart(
      index(rule({ id: 'u', action: { type: 'amount-off', amountCents: 300, per: 'unit' } })),
      [line('a', 1000, 2), line('b', 200, 3)],
      ctx(),
    );
    expect(r.lines.map((l) => l.discountCents)).toEqual([600, 600]);
    expect(r.lines.map((l) => l.totalCents)).toEqual([1400, 0]);
  });

  it('spreads an order amount over the lines by largest remainder: 1000 over 3×333 + 1 centavo', () => {
    const r = priceCart(
      index(rule({ id: 'o', action: { type: 'amount-off', amountCents: 1000, per: 'order' } })),
      [line('a', 333), line('b', 333), line('c', 334)],
      ctx(),
    );
    expect(r.lines.map((l) => l.discountCents)).toEqual([333, 333, 334]);
    expect(r.totalCents).toBe(0);
  });

  it('prices matching units at a fixed price only when it is lower', () => {
    const r = priceCart(
      index(rule({ id: 'f', action: { type: 'fixed-price', unitPriceCents: 999 } })),
      [line('a', 1500, 2), line('b', 800)],
      ctx(),
    );
    expect(r.lines.map((l) => l.totalCents)).toEqual([1998, 800]);
  });

  it('buy 2 get 1: the cheapest units of the targeted lines are the ones given', () => {
    const leve3pague2 = rule({ id: 'b2g1', action: { type: 'buy-x-get-y', buy: 2, get: 1 }, target: { categories: ['Limpeza'] } });
    const lines = [line('a', 900, 2, { categories: ['limpeza'] }), line('b', 500, 1, { categories: ['limpeza'] }), line('c', 100)];
    const r = priceCart(index(leve3pague2), lines, ctx());
    expect(r.lines.map((l) => l.discountCents)).toEqual([0, 500, 0]);
    // Six units give two free: the 500 and one 900.
    const six = priceCart(
      index(leve3pague2),
      [line('a', 900, 4, { categories: ['limpeza'] }), line('b', 500, 2, { categories: ['limpeza'] })],
      ctx(),
    );
    expect(six.lines.map((l) => l.discountCents)).toEqual([0, 1000]);
  });

  it('progressive by quantity picks the highest tier reached, and tells why when none is', () => {
    const prog = rule({
      id: 'prog',
      action: {
        type: 'progressive',
        basis: 'quantity',
        tiers: [
          { min: 3, bps: 500 },
          { min: 6, bps: 1000 },
        ],
      },
    });
    expect(priceCart(index(prog), [line('a', 1000, 6)], ctx()).discountCents).toBe(600);
    expect(priceCart(index(prog), [line('a', 1000, 4)], ctx()).discountCents).toBe(200);
    const none = priceCart(index(prog), [line('a', 1000, 2)], ctx());
    expect(none.discountCents).toBe(0);
    expect(none.notApplied).toEqual([expect.objectContaining({ ruleId: 'prog', reason: 'below-min-quantity' })]);
  });

  it('progressive by cart value uses the subtotal of the targeted lines', () => {
    const prog = rule({ id: 'pv', action: { type: 'progressive', basis: 'cart-value', tiers: [{ min: 20_000, bps: 500 }] } });
    expect(priceCart(index(prog), [line('a', 19_999)], ctx()).discountCents).toBe(0);
    expect(priceCart(index(prog), [line('a', 20_000)], ctx()).discountCents).toBe(1000);
  });

  it('free shipping sets the flag, takes nothing off and lists the rule', () => {
    const r = priceCart(
      index(rule({ id: 'frete', action: { type: 'free-shipping' }, conditions: { minCartValueCents: 10_000 } })),
      [line('a', 10_000)],
      ctx(),
    );
    expect(r.freeShipping).toBe(true);
    expect(r.totalCents).toBe(10_000);
    expect(r.discounts).toEqual([{ ruleId: 'frete', name: 'frete', kind: 'promotion', amountCents: 0 }]);
  });
});

describe('priceCart: targets', () => {
  it('matches by product, variant, category, manufacturer and collection, ignoring case and accents', () => {
    const rules = index(
      rule({ id: 'v', action: { type: 'amount-off', amountCents: 1, per: 'unit' }, target: { variantIds: ['v1'] } }),
      rule({ id: 'cat', action: { type: 'amount-off', amountCents: 2, per: 'unit' }, target: { categories: ['Eletroportáteis'] } }),
      rule({ id: 'man', action: { type: 'amount-off', amountCents: 4, per: 'unit' }, target: { manufacturers: ['MONDIAL'] } }),
      rule({ id: 'col', action: { type: 'amount-off', amountCents: 8, per: 'unit' }, target: { collections: ['Verão 2027'] } }),
    );
    const r = priceCart(
      rules,
      [
        line('p1', 1000, 1, { variantId: 'v1' }),
        line('p2', 1000, 1, { categories: ['eletroportateis'] }),
        line('p3', 1000, 1, { manufacturers: ['mondial'] }),
        line('p4', 1000, 1, { collections: ['verao 2027'] }),
        line('p5', 1000),
      ],
      ctx(),
    );
    expect(r.lines.map((l) => l.discountCents)).toEqual([1, 2, 4, 8, 0]);
  });
});

describe('priceCart: conditions', () => {
  const windowed = rule({
    id: 'bf',
    action: { type: 'percent-off', bps: 1000 },
    conditions: { validFrom: '2026-11-27T00:00:00-03:00', validUntil: '2026-11-30T23:59:59-03:00' },
  });

  it('honours the window: before, inside (inclusive end), after', () => {
    const at = (iso: string) => priceCart(index(windowed), [line('a', 1000)], ctx({ atMs: Date.parse(iso) })).discountCents;
    expect(at('2026-11-26T23:59:59-03:00')).toBe(0);
    expect(at('2026-11-27T00:00:00-03:00')).toBe(100);
    expect(at('2026-11-30T23:59:59-03:00')).toBe(100);
    expect(at('2026-12-01T00:00:00-03:00')).toBe(0);
  });

  it('a promotion out of its window is not told (the customer was not promised it)', () => {
    expect(priceCart(index(windowed), [line('a', 1000)], ctx()).notApplied).toEqual([]);
  });

  it('weekdays and hours are São Paulo wall-clock time', () => {
    const happyHour = rule({
      id: 'hh',
      action: { type: 'percent-off', bps: 1000 },
      conditions: { weekdays: [3], hours: { from: '18:00', until: '20:00' } },
    });
    const at = (iso: string) => priceCart(index(happyHour), [line('a', 1000)], ctx({ atMs: Date.parse(iso) })).discountCents;
    expect(at('2026-12-02T18:00:00-03:00')).toBe(100); // Wednesday 18:00 (21:00 UTC)
    expect(at('2026-12-02T17:59:59-03:00')).toBe(0);
    expect(at('2026-12-02T20:00:00-03:00')).toBe(0);
    expect(at('2026-12-03T18:30:00-03:00')).toBe(0); // Thursday
  });

  it('minimum quantity counts the targeted units; minimum cart value the whole cart', () => {
    const minQ = rule({
      id: 'mq',
      action: { type: 'amount-off', amountCents: 100, per: 'order' },
      target: { productIds: ['a'] },
      conditions: { minQuantity: 3 },
    });
    const minV = rule({
      id: 'mv',
      action: { type: 'amount-off', amountCents: 100, per: 'order' },
      conditions: { minCartValueCents: 5000 },
    });
    const r = priceCart(index(minQ, minV), [line('a', 1000, 2), line('b', 2000)], ctx());
    expect(r.discountCents).toBe(0);
    expect(r.notApplied.map((n) => [n.ruleId, n.reason])).toEqual([
      ['mq', 'below-min-quantity'],
      ['mv', 'below-min-cart-value'],
    ]);
    expect(priceCart(index(minQ, minV), [line('a', 1000, 3), line('b', 2000)], ctx()).discountCents).toBe(200);
  });

  it('channel and store lists restrict a rule; a rule for another channel is not told', () => {
    const wa = rule({ id: 'wa', action: { type: 'percent-off', bps: 1000 }, conditions: { channels: ['WhatsApp'], stores: ['loja-1'] } });
    expect(priceCart(index(wa), [line('a', 1000)], ctx({ channel: 'whatsapp', store: 'loja-1' })).discountCents).toBe(100);
    const other = priceCart(index(wa), [line('a', 1000)], ctx({ channel: 'omnichat', store: 'loja-1' }));
    expect(other.discountCents).toBe(0);
    expect(other.notApplied).toEqual([]);
    expect(priceCart(index(wa), [line('a', 1000)], ctx({ channel: 'whatsapp', store: 'loja-2' })).discountCents).toBe(0);
  });

  it('tier rules need a known customer of the tier, and say why otherwise', () => {
    const ouro = rule({ id: 'ouro', kind: 'customer', action: { type: 'percent-off', bps: 500 }, conditions: { tiers: ['gold'] } });
    const cart = [line('a', 10_000)];
    expect(priceCart(index(ouro), cart, ctx({ customer: gold })).discountCents).toBe(500);
    const reason = (customer: CustomerContext) => priceCart(index(ouro), cart, ctx({ customer })).notApplied.map((n) => n.reason);
    expect(reason({ status: 'anonymous' })).toEqual(['customer-required']);
    expect(reason({ status: 'known', registered: true, tier: 'silver', segments: [] })).toEqual(['not-eligible']);
    expect(reason({ status: 'unavailable', message: 'timeout' })).toEqual(['eligibility-unavailable']);
  });

  it('segment and registered-only rules', () => {
    const b2b = rule({ id: 'b2b', kind: 'customer', action: { type: 'percent-off', bps: 800 }, conditions: { segments: ['B2B'] } });
    const reg = rule({
      id: 'reg',
      kind: 'customer',
      action: { type: 'amount-off', amountCents: 100, per: 'order' },
      conditions: { registeredOnly: true },
    });
    const cart = [line('a', 10_000)];
    const known = (registered: boolean, segments: string[]): CustomerContext => ({ status: 'known', registered, tier: null, segments });
    expect(priceCart(index(b2b, reg), cart, ctx({ customer: known(true, ['b2b']) })).discountCents).toBe(900);
    expect(priceCart(index(b2b, reg), cart, ctx({ customer: known(false, []) })).discountCents).toBe(0);
  });
});

describe('priceCart: coupons', () => {
  const bemvindo = rule({
    id: 'c-bv',
    kind: 'coupon',
    action: { type: 'amount-off', amountCents: 1000, per: 'order' },
    coupon: { code: 'BEMVINDO10', usageLimit: 100, perCustomerLimit: 1 },
    conditions: { minCartValueCents: 10_000, validUntil: '2026-12-31T23:59:59-03:00' },
  });

  it('applies only when its code is given, the code matched without case or accents', () => {
    expect(priceCart(index(bemvindo), [line('a', 10_000)], ctx()).discountCents).toBe(0);
    const r = priceCart(index(bemvindo), [line('a', 10_000)], ctx({ couponCodes: [' bemvíndo10 '] }));
    expect(r.discountCents).toBe(1000);
    expect(r.coupons).toEqual([{ code: ' bemvíndo10 ', ruleId: 'c-bv', applied: true }]);
  });

  it('tells why a typed coupon did not apply: unknown, below minimum, expired, exhausted, per-customer', () => {
    const reasons = (extra: Partial<PricingContext>, cart = [line('a', 10_000)]) =>
      priceCart(index(bemvindo), cart, ctx({ couponCodes: ['BEMVINDO10'], ...extra })).notApplied.map((n) => n.reason);
    expect(priceCart(index(bemvindo), [line('a', 10_000)], ctx({ couponCodes: ['NOPE'] })).notApplied).toEqual([
      { ruleId: null, name: null, couponCode: 'NOPE', reason: 'coupon-unknown', message: 'No coupon has this code' },
    ]);
    expect(reasons({}, [line('a', 9_999)])).toEqual(['below-min-cart-value']);
    expect(reasons({ atMs: Date.parse('2027-01-01T00:00:00-03:00') })).toEqual(['expired']);
    const standing = (s: CouponStanding) => reasons({ couponStanding: new Map([['c-bv', s]]) });
    expect(standing('exhausted')).toEqual(['coupon-exhausted']);
    expect(standing('customer-limit')).toEqual(['coupon-customer-limit']);
    expect(standing('customer-required')).toEqual(['coupon-customer-required']);
  });

  it('a coupon for products the cart does not hold says there is nothing to discount', () => {
    const cat = rule({
      id: 'c-cat',
      kind: 'coupon',
      action: { type: 'percent-off', bps: 1500 },
      coupon: { code: 'BLACK15' },
      target: { categories: ['TV'] },
    });
    const r = priceCart(index(cat), [line('a', 1000)], ctx({ couponCodes: ['black15'] }));
    expect(r.notApplied.map((n) => [n.ruleId, n.reason])).toEqual([['c-cat', 'nothing-to-discount']]);
    expect(r.coupons).toEqual([{ code: 'black15', ruleId: 'c-cat', applied: false }]);
  });
});

describe('priceCart: combination', () => {
  const pct = (id: string, bps: number, priority: number, combination: 'exclusive' | 'stackable' | 'best-deal', target = {}) =>
    rule({ id, priority, combination, target, action: { type: 'percent-off', bps } });

  it('stackable rules apply in priority order, each on what the lines have left', () => {
    const r = priceCart(index(pct('low', 1000, 1, 'stackable'), pct('high', 5000, 9, 'stackable')), [line('a', 10_000)], ctx());
    // 50% of 10000 = 5000, then 10% of the 5000 left = 500.
    expect(r.discounts.map((d) => [d.ruleId, d.amountCents])).toEqual([
      ['high', 5000],
      ['low', 500],
    ]);
  });

  it('equal priorities apply by id, whatever order the rules were loaded in', () => {
    const a = rule({ id: 'a-amount', priority: 5, action: { type: 'amount-off', amountCents: 1000, per: 'order' } });
    const b = rule({ id: 'b-pct', priority: 5, action: { type: 'percent-off', bps: 1000 } });
    const one = priceCart(new RuleIndex([a, b], 1), [line('x', 10_000)], ctx());
    const two = priceCart(new RuleIndex([b, a], 1), [line('x', 10_000)], ctx());
    expect(one).toEqual(two);
    expect(one.discounts.map((d) => [d.ruleId, d.amountCents])).toEqual([
      ['a-amount', 1000],
      ['b-pct', 900],
    ]);
  });

  it('an exclusive rule locks its lines: later rules skip them, and it skips lines already discounted', () => {
    const r = priceCart(
      index(
        pct('excl', 2000, 9, 'exclusive', { productIds: ['a'] }),
        pct('stack', 1000, 5, 'stackable'),
        pct('late-excl', 3000, 1, 'exclusive', { productIds: ['b'] }),
      ),
      [line('a', 1000), line('b', 1000), line('c', 1000)],
      ctx(),
    );
    expect(r.lines.map((l) => l.discounts.map((d) => d.ruleId))).toEqual([['excl'], ['stack'], ['stack']]);
    expect(r.notApplied.map((n) => [n.ruleId, n.reason])).toEqual([['late-excl', 'not-combinable']]);
  });

  it('a best-deal rule wins over the regular combination only when it gives more', () => {
    const regular = [pct('s1', 1000, 5, 'stackable'), pct('s2', 1000, 4, 'stackable')];
    const small = priceCart(index(...regular, pct('bd', 1500, 1, 'best-deal')), [line('a', 10_000)], ctx());
    // 10% then 10% = 1900 > 1500.
    expect(small.discountCents).toBe(1900);
    expect(small.notApplied.map((n) => [n.ruleId, n.reason])).toEqual([['bd', 'better-deal-applied']]);
    const big = priceCart(index(...regular, pct('bd', 2500, 1, 'best-deal')), [line('a', 10_000)], ctx());
    expect(big.discounts.map((d) => [d.ruleId, d.amountCents])).toEqual([['bd', 2500]]);
    expect(big.notApplied.map((n) => [n.ruleId, n.reason])).toEqual([
      ['s1', 'better-deal-applied'],
      ['s2', 'better-deal-applied'],
    ]);
  });
});

// ---- Properties -----------------------------------------------------------------------------------------------

const PRODUCTS = ['p1', 'p2', 'p3', 'p4', 'p5'];
const CATEGORIES = ['mercearia', 'limpeza', 'bebidas'];

const lineArb = fc.record({
  productId: fc.constantFrom(...PRODUCTS),
  variantId: fc.constant(null),
  quantity: fc.integer({ min: 1, max: 12 }),
  unitPriceCents: fc.integer({ min: 0, max: 500_000 }),
  categories: fc.subarray(CATEGORIES, { maxLength: 2 }),
  manufacturers: fc.constant([] as string[]),
  collections: fc.constant([] as string[]),
});

const actionArb = fc.oneof(
  fc.record({
    type: fc.constant('percent-off' as const),
    bps: fc.integer({ min: 1, max: 10_000 }),
    maxDiscountCents: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
  }),
  fc.record({
    type: fc.constant('amount-off' as const),
    amountCents: fc.integer({ min: 1, max: 200_000 }),
    per: fc.constantFrom('unit' as const, 'order' as const),
  }),
  fc.record({ type: fc.constant('fixed-price' as const), unitPriceCents: fc.integer({ min: 0, max: 300_000 }) }),
  fc.record({
    type: fc.constant('buy-x-get-y' as const),
    buy: fc.integer({ min: 1, max: 4 }),
    get: fc.integer({ min: 1, max: 2 }),
    bps: fc.integer({ min: 1, max: 10_000 }),
  }),
  fc.record({
    type: fc.constant('progressive' as const),
    basis: fc.constantFrom('quantity' as const, 'cart-value' as const),
    tiers: fc.constantFrom<{ min: number; bps: number }[]>(
      [{ min: 2, bps: 500 }],
      [
        { min: 3, bps: 300 },
        { min: 10, bps: 1500 },
      ],
      [{ min: 10_000, bps: 1000 }],
    ),
    maxDiscountCents: fc.constant(null),
  }),
);

const ruleArb = (id: string, combination?: 'best-deal') =>
  fc
    .record({
      priority: fc.integer({ min: 0, max: 5 }),
      combination: combination
        ? fc.constant(combination)
        : fc.constantFrom('exclusive' as const, 'stackable' as const, 'best-deal' as const),
      action: actionArb,
      target: fc.oneof(
        fc.constant({}),
        fc.record({ productIds: fc.subarray(PRODUCTS, { minLength: 1, maxLength: 2 }) }),
        fc.record({ categories: fc.subarray(CATEGORIES, { minLength: 1, maxLength: 1 }) }),
      ),
      minCartValueCents: fc.option(fc.integer({ min: 0, max: 300_000 }), { nil: null }),
    })
    .map(({ minCartValueCents, ...r }) => rule({ id, ...r, conditions: { minCartValueCents } }));

const rulesArb = fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => ruleArb(`r${i}`))));
const cartArb = fc.array(lineArb, { minLength: 1, maxLength: 8 });

describe('priceCart: properties', () => {
  it('no line goes below zero and the lines add up exactly to the totals', () => {
    fc.assert(
      fc.property(rulesArb, cartArb, (rules, cart) => {
        const r = priceCart(new RuleIndex(rules, 1), cart, ctx());
        for (const l of r.lines) {
          expect(l.totalCents).toBeGreaterThanOrEqual(0);
          expect(l.totalCents).toBe(l.subtotalCents - l.discountCents);
          expect(l.discounts.reduce((s, d) => s + d.amountCents, 0)).toBe(l.discountCents);
        }
        expect(r.lines.reduce((s, l) => s + l.totalCents, 0)).toBe(r.totalCents);
        expect(r.lines.reduce((s, l) => s + l.subtotalCents, 0)).toBe(r.subtotalCents);
        expect(r.discounts.reduce((s, d) => s + d.amountCents, 0)).toBe(r.discountCents);
        expect(r.totalCents).toBe(r.subtotalCents - r.discountCents);
      }),
      { numRuns: 500 },
    );
  });

  it('the result does not depend on the order of the lines', () => {
    fc.assert(
      fc.property(rulesArb, cartArb, fc.infiniteStream(fc.nat()), (rules, cart, seeds) => {
        const idx = new RuleIndex(rules, 1);
        const shuffled = cart.map((l, i) => ({ l, k: seeds.next().value as number, i })).sort((a, b) => a.k - b.k || a.i - b.i);
        const a = priceCart(idx, cart, ctx());
        const b = priceCart(
          idx,
          shuffled.map((s) => s.l),
          ctx(),
        );
        expect(b.totalCents).toBe(a.totalCents);
        expect(b.discounts).toEqual(a.discounts);
        expect(b.notApplied).toEqual(a.notApplied);
        // Line by line, each line priced the same wherever it stands (identical lines compared as a multiset).
        const key = (l: CartLine, p: { totalCents: number; discountCents: number }) => JSON.stringify([l, p.totalCents, p.discountCents]);
        expect(shuffled.map((s, k) => key(s.l, b.lines[k] as never)).sort()).toEqual(
          cart.map((l, k) => key(l, a.lines[k] as never)).sort(),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('adding a best-deal rule never raises the total', () => {
    fc.assert(
      fc.property(rulesArb, ruleArb('zz-best', 'best-deal'), cartArb, (rules, best, cart) => {
        const without = priceCart(new RuleIndex(rules, 1), cart, ctx());
        const withIt = priceCart(new RuleIndex([...rules, best], 1), cart, ctx());
        expect(withIt.totalCents).toBeLessThanOrEqual(without.totalCents);
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic: the same input at the same instant gives the same result', () => {
    fc.assert(
      fc.property(rulesArb, cartArb, (rules, cart) => {
        expect(priceCart(new RuleIndex(rules, 1), cart, ctx())).toEqual(priceCart(new RuleIndex([...rules].reverse(), 1), cart, ctx()));
      }),
      { numRuns: 200 },
    );
  });
});
