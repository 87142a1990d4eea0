/**
 * The quote engine alone, on one core: a cart of `lines` lines against synthetic rule sets of growing size. Run by
 * `npm run bench -- pricing` (bench/pricing.bench.ts spawns this file and reads the JSON line it prints), or alone:
 * `node -r ./scripts/register.cjs services/pricing-rules/src/domain/engine-benchmark.ts [rules,...] [seconds] [lines]`.
 *
 * The catalog grows with the rules (ten products per rule, one category per 50 products), so every size has the same
 * density of rules per product, as a growing retailer would: a flat µs/quote means the cost follows the cart and the
 * rules that can match it, not the tenant's rule count. A fixed 20 rules touch every line (tier discounts, free
 * shipping, progressive cart-value tiers), as real rule sets have a handful.
 */
import { type PricingRuleInput, PricingRuleInputSchema } from '@looma-hub/contracts';
import { compileRule } from './compile-rule';
import type { CartLine, PricingContext } from './engine-types';
import { priceCart } from './pricing-engine';
import { RuleIndex } from './rule-index';

/** mulberry32: a tiny seeded PRNG, so every run prices the same carts against the same rules. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOW = Date.parse('2026-12-02T15:00:00Z');
const DAY = 86_400_000;

export function syntheticRules(count: number, seed = 7): { rules: ReturnType<typeof compileRule>[]; products: number; categories: number } {
  const rnd = prng(seed);
  const products = count * 10;
  const categories = Math.max(20, Math.floor(products / 50));
  const pick = (n: number) => Math.floor(rnd() * n);
  const rules: ReturnType<typeof compileRule>[] = [];
  for (let i = 0; i < count; i++) {
    const r = rnd();
    const windowed = rnd() < 0.5;
    const conditions: PricingRuleInput['conditions'] = windowed
      ? {
          validFrom: new Date(NOW - pick(30) * DAY).toISOString(),
          validUntil: new Date(NOW + (pick(60) - 20) * DAY + 31 * DAY).toISOString(),
        }
      : {};
    let input: PricingRuleInput;
    if (i < 20) {
      input = {
        id: `g-${i}`,
        name: `global ${i}`,
        kind: i % 2 ? 'customer' : 'promotion',
        action:
          i % 4 === 0
            ? {
                type: 'progressive',
                basis: 'cart-value',
                tiers: [
                  { min: 20_000, bps: 300 },
                  { min: 50_000, bps: 500 },
                ],
              }
            : { type: 'percent-off', bps: 200 + i * 10, maxDiscountCents: 5_000 },
        conditions: i % 2 ? { tiers: ['gold'] } : { minCartValueCents: 10_000 * (1 + (i % 5)) },
        priority: i,
        combination: i % 3 === 0 ? 'best-deal' : 'stackable',
      };
    } else if (r < 0.7) {
      const ids = Array.from({ length: 1 + pick(3) }, () => `p${pick(products)}`);
      input = {
        id: `p-${i}`,
        name: `product rule ${i}`,
        kind: 'promotion',
        target: { productIds: ids },
        action:
          rnd() < 0.5
            ? { type: 'percent-off', bps: 500 + pick(2_000) }
            : rnd() < 0.5
              ? { type: 'amount-off', amountCents: 100 + pick(2_000), per: 'unit' }
              : { type: 'buy-x-get-y', buy: 2, get: 1 },
        conditions,
        priority: pick(100),
        combination: rnd() < 0.2 ? 'exclusive' : rnd() < 0.2 ? 'best-deal' : 'stackable',
      };
    } else if (r < 0.9) {
      input = {
        id: `c-${i}`,
        name: `category rule ${i}`,
        kind: 'catalog',
        target: { categories: [`cat${pick(categories)}`] },
        action:
          rnd() < 0.5
            ? { type: 'percent-off', bps: 300 + pick(1_000) }
            : {
                type: 'progressive',
                basis: 'quantity',
                tiers: [
                  { min: 3, bps: 500 },
                  { min: 6, bps: 1_000 },
                ],
              },
        conditions: { ...conditions, ...(rnd() < 0.3 ? { minQuantity: 2 } : {}) },
        priority: pick(100),
        combination: rnd() < 0.1 ? 'exclusive' : 'stackable',
      };
    } else if (r < 0.95) {
      input = {
        id: `m-${i}`,
        name: `manufacturer rule ${i}`,
        kind: 'catalog',
        target: { manufacturers: [`maker${pick(Math.max(100, Math.floor(count / 10)))}`] },
        action: { type: 'percent-off', bps: 500 },
        conditions,
        priority: pick(100),
      };
    } else {
      input = {
        id: `cp-${i}`,
        name: `coupon ${i}`,
        kind: 'coupon',
        coupon: { code: `CUPOM${i}`, usageLimit: 1_000, perCustomerLimit: 1 },
        action: { type: 'amount-off', amountCents: 1_000, per: 'order' },
        conditions: { minCartValueCents: 5_000 },
        priority: 50,
      };
    }
    rules.push(compileRule(PricingRuleInputSchema.parse(input)));
  }
  return { rules, products, categories };
}

export function syntheticCarts(n: number, lines: number, products: number, categories: number, seed = 11): CartLine[][] {
  const rnd = prng(seed);
  const pick = (k: number) => Math.floor(rnd() * k);
  return Array.from({ length: n }, () =>
    Array.from({ length: lines }, () => {
      const p = pick(products);
      return {
        productId: `p${p}`,
        variantId: null,
        quantity: 1 + pick(4),
        unitPriceCents: 500 + ((p * 7919) % 50_000),
        categories: [`cat${p % categories}`],
        manufacturers: [`maker${p % Math.max(100, Math.floor(products / 100))}`],
        collections: [],
      };
    }),
  );
}

export interface EngineFigures {
  rules: number;
  lines: number;
  quotesPerSecond: number;
  microsPerQuote: number;
  candidatesPerQuote: number;
  indexBuildMs: number;
}

export function measure(ruleCount: number, seconds: number, lines: number): EngineFigures {
  const { rules, products, categories } = syntheticRules(ruleCount);
  const compiledMs = performance.now();
  const index = new RuleIndex(rules, 1);
  const indexBuildMs = performance.now() - compiledMs;
  const carts = syntheticCarts(512, lines, products, categories);
  const ctx: PricingContext = {
    atMs: NOW,
    channel: 'whatsapp',
    store: null,
    customer: { status: 'known', registered: true, tier: 'gold', segments: [] },
    couponCodes: ['CUPOM99'],
    couponStanding: new Map(),
  };
  // Warm-up: let V8 optimise the hot path before measuring.
  for (let i = 0; i < 2_000; i++) priceCart(index, carts[i % carts.length] as CartLine[], ctx);
  let quotes = 0;
  let candidates = 0;
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  while (performance.now() < deadline) {
    for (let k = 0; k < 256; k++) {
      const r = priceCart(index, carts[quotes % carts.length] as CartLine[], ctx);
      candidates += r.candidates;
      quotes++;
    }
  }
  const elapsed = (performance.now() - start) / 1000;
  return {
    rules: ruleCount,
    lines,
    quotesPerSecond: Math.round(quotes / elapsed),
    microsPerQuote: Math.round((elapsed * 1e6 * 10) / quotes) / 10,
    candidatesPerQuote: Math.round((candidates / quotes) * 10) / 10,
    indexBuildMs: Math.round(indexBuildMs),
  };
}

if (require.main === module) {
  const [sizes = '1000,10000,100000', seconds = '3', lines = '20'] = process.argv.slice(2);
  const figures = sizes.split(',').map((n) => measure(Number(n), Number(seconds), Number(lines)));
  process.stdout.write(`${JSON.stringify({ engine: figures })}\n`);
}
