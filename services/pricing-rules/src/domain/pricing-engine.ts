// The quote engine: pure and deterministic (no I/O, no clock: the instant is an input). The order in which it
// combines rules is documented in ./README.md and pinned by pricing-engine.spec.ts.
import { allocate, cents, saoPauloOffsetMinutes } from '@looma-hub/domain';
import type { NotAppliedReason } from './contract-types';
import type {
  CartLine,
  CouponStanding,
  EngineRule,
  LineDiscount,
  NotApplied,
  PricedLine,
  PricingContext,
  PricingResult,
} from './engine-types';
import { normalizeCode } from './normalize';
import { type Candidate, type RuleIndex } from './rule-index';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A working line: its amount left after the rules applied so far. */
interface Slot {
  line: CartLine;
  subtotal: number;
  remaining: number;
  /** Some rule has discounted it. */
  discounted: boolean;
  /** An exclusive rule has discounted it: no other rule may. */
  locked: boolean;
  discounts: LineDiscount[];
}

interface Applied {
  rule: EngineRule;
  amount: number;
}

interface Pass {
  slots: Slot[];
  /** How many slots some rule discounted, and how many an exclusive rule locked (skip the filters while 0). */
  discountedCount: number;
  lockedCount: number;
  applied: Applied[];
  /** Rules that were applicable but lost to the combination, with why. */
  blocked: { rule: EngineRule; reason: NotAppliedReason }[];
  discount: number;
}

const MESSAGES: Record<NotAppliedReason, string> = {
  'not-started': 'The rule is not in force yet',
  expired: 'The rule is no longer in force',
  'outside-hours': 'The rule is not in force at this day or hour',
  'below-min-quantity': 'The cart has fewer units of the products this rule needs',
  'below-min-cart-value': 'The cart is below the minimum value of this rule',
  'customer-required': 'The rule is for identified customers: give the CPF/CNPJ or phone',
  'not-eligible': "The customer's registration or loyalty tier does not qualify",
  'eligibility-unavailable': "The customer's eligibility could not be checked right now",
  'channel-not-allowed': 'The rule does not apply in this sales channel',
  'store-not-allowed': 'The rule does not apply in this store',
  'coupon-unknown': 'No coupon has this code',
  'coupon-disabled': 'The coupon is disabled',
  'coupon-exhausted': 'The coupon has no uses left',
  'coupon-customer-limit': 'The customer has already used this coupon as often as allowed',
  'coupon-customer-required': 'The coupon is limited per customer: give the CPF/CNPJ',
  'exclusive-rule-applied': 'An exclusive rule already discounts these products',
  'not-combinable': 'The rule is exclusive and these products already carry another discount',
  'better-deal-applied': 'Another offer gives the customer a bigger discount',
  'nothing-to-discount': 'Nothing in the cart is discounted by this rule',
};

const COUPON_REASONS: Record<Exclude<CouponStanding, 'ok'>, NotAppliedReason> = {
  exhausted: 'coupon-exhausted',
  'customer-limit': 'coupon-customer-limit',
  'customer-required': 'coupon-customer-required',
  disabled: 'coupon-disabled',
};

/** Reasons worth telling about a rule the customer did not ask for (a coupon gets every reason). */
const ALWAYS_TOLD = new Set<NotAppliedReason>([
  'below-min-quantity',
  'below-min-cart-value',
  'customer-required',
  'not-eligible',
  'eligibility-unavailable',
  'exclusive-rule-applied',
  'not-combinable',
  'better-deal-applied',
]);

interface Clock {
  atMs: number;
  weekday: number;
  minuteOfDay: number;
}

function clockAt(atMs: number): Clock {
  const local = atMs + saoPauloOffsetMinutes(new Date(atMs)) * MINUTE;
  const dayNumber = Math.floor(local / DAY);
  // 1970-01-01 was a Thursday (ISO 4).
  const weekday = ((((dayNumber + 3) % 7) + 7) % 7) + 1;
  return { atMs, weekday, minuteOfDay: Math.floor((local - dayNumber * DAY) / MINUTE) };
}

/** Why `rule` cannot apply to this cart now, or null when it can. Checks in a fixed order, the first failing one wins. */
function conditionFailure(
  rule: EngineRule,
  candidate: Candidate,
  lines: readonly CartLine[],
  cartSubtotal: number,
  ctx: PricingContext,
  clock: Clock,
): NotAppliedReason | null {
  const c = rule.conditions;
  if (c.fromMs !== null && clock.atMs < c.fromMs) return 'not-started';
  if (c.untilMs !== null && clock.atMs > c.untilMs) return 'expired';
  if (c.weekdays !== null && !c.weekdays.has(clock.weekday)) return 'outside-hours';
  if (c.hours !== null && (clock.minuteOfDay < c.hours.from || clock.minuteOfDay >= c.hours.until)) return 'outside-hours';
  if (c.channels !== null && (ctx.channel === null || !c.channels.has(ctx.channel))) return 'channel-not-allowed';
  if (c.stores !== null && (ctx.store === null || !c.stores.has(ctx.store))) return 'store-not-allowed';
  if (rule.needsEligibility) {
    const customer = ctx.customer;
    if (customer.status === 'anonymous') return 'customer-required';
    if (customer.status === 'unavailable') return 'eligibility-unavailable';
    if (c.registeredOnly && !customer.registered) return 'not-eligible';
    if (c.tiers !== null && (customer.tier === null || !c.tiers.has(customer.tier))) return 'not-eligible';
    if (c.segments !== null && !customer.segments.some((s) => c.segments?.has(s))) return 'not-eligible';
  }
  if (rule.couponCode !== null) {
    const standing = ctx.couponStanding.get(rule.id) ?? 'ok';
    if (standing !== 'ok') return COUPON_REASONS[standing];
  }
  if (c.minQuantity !== null) {
    let units = 0;
    for (const i of candidate.lines) units += lines[i]?.quantity ?? 0;
    if (units < c.minQuantity) return 'below-min-quantity';
  }
  if (c.minCartValueCents !== null && cartSubtotal < c.minCartValueCents) return 'below-min-cart-value';
  return null;
}

/** round(amount × bps / 10 000), half up, exact for any centavo amount (falls back to BigInt past 2^53). */
function percentOfCents(amount: number, bps: number): number {
  const product = amount * bps;
  if (Number.isSafeInteger(product)) return Math.floor((product + 5_000) / 10_000);
  return Number((BigInt(amount) * BigInt(bps) + 5_000n) / 10_000n);
}

/**
 * `total` spread over `weights` by the largest-remainder method (allocate of @looma-hub/domain): parts sum to
 * `total` exactly and, since total ≤ Σ weights, no part exceeds its weight. Inlined for the common case whose
 * products stay below 2^53 (the engine's hot path); the general case goes to `allocate`.
 */
function spread(total: number, weights: readonly number[]): number[] {
  let sum = 0;
  for (const w of weights) sum += w;
  if (sum === 0 || total === 0) return weights.map(() => 0);
  if (weights.length === 1) return [total];
  if (!Number.isSafeInteger(total * sum)) return allocate(cents(total), weights);
  const n = weights.length;
  const parts: number[] = new Array<number>(n);
  const remainders: number[] = new Array<number>(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = total * (weights[i] as number);
    const floor = Math.floor(exact / sum);
    parts[i] = floor;
    remainders[i] = exact - floor * sum;
    given += floor;
  }
  // Fewer leftover centavos than lines: pick the largest remainders one by one (ties to the earlier line), no sort.
  for (let leftover = total - given; leftover > 0; leftover--) {
    let best = 0;
    for (let i = 1; i < n; i++) if ((remainders[i] as number) > (remainders[best] as number)) best = i;
    parts[best] = (parts[best] as number) + 1;
    remainders[best] = -1;
  }
  return parts;
}

/** What the rule's action takes off each of `at` (positions in `slots`), each part within that line's remaining amount. */
function actionAmounts(rule: EngineRule, slots: readonly Slot[], at: readonly number[]): number[] {
  const action = rule.action;
  const remaining: number[] = new Array<number>(at.length);
  let base = 0;
  for (let k = 0; k < at.length; k++) {
    const r = (slots[at[k] as number] as Slot).remaining;
    remaining[k] = r;
    base += r;
  }
  const capped = (total: number, max: number | null) => Math.min(base, max === null ? total : Math.min(total, max));
  switch (action.type) {
    case 'percent-off':
      return spread(capped(percentOfCents(base, action.bps), action.maxDiscountCents), remaining);
    case 'amount-off':
      if (action.per === 'order') return spread(capped(action.amountCents, null), remaining);
      return at.map((i, k) => Math.min(remaining[k] ?? 0, action.amountCents * (slots[i]?.line.quantity ?? 0)));
    case 'fixed-price':
      return at.map((i, k) => Math.max(0, (remaining[k] ?? 0) - action.unitPriceCents * (slots[i]?.line.quantity ?? 0)));
    case 'buy-x-get-y': {
      let units = 0;
      for (const i of at) units += slots[i]?.line.quantity ?? 0;
      let free = Math.floor(units / (action.buy + action.get)) * action.get;
      // The cheapest units are the ones given; ties by position, so the result never depends on the input order.
      const cheapestFirst = at
        .map((_, k) => k)
        .sort((a, b) => (slots[at[a] ?? 0]?.line.unitPriceCents ?? 0) - (slots[at[b] ?? 0]?.line.unitPriceCents ?? 0) || a - b);
      const out = at.map(() => 0);
      for (const k of cheapestFirst) {
        if (free === 0) break;
        const slot = slots[at[k] ?? 0];
        if (!slot) continue;
        const n = Math.min(free, slot.line.quantity);
        free -= n;
        out[k] = Math.min(remaining[k] ?? 0, percentOfCents(slot.line.unitPriceCents * n, action.bps));
      }
      return out;
    }
    case 'progressive': {
      let basis = 0;
      if (action.basis === 'quantity') for (const i of at) basis += slots[i]?.line.quantity ?? 0;
      else for (const r of remaining) basis += r;
      let bps = 0;
      for (const tier of action.tiers) if (basis >= tier.min) bps = tier.bps;
      return spread(capped(percentOfCents(base, bps), action.maxDiscountCents), remaining);
    }
    case 'free-shipping':
      return at.map(() => 0);
  }
}

function progressiveUnreached(rule: EngineRule, slots: readonly Slot[], at: readonly number[]): NotAppliedReason | null {
  const action = rule.action;
  if (action.type !== 'progressive') return null;
  const first = action.tiers[0]?.min ?? 0;
  let basis = 0;
  for (const i of at) {
    const slot = slots[i];
    if (slot) basis += action.basis === 'quantity' ? slot.line.quantity : slot.remaining;
  }
  if (basis >= first) return null;
  return action.basis === 'quantity' ? 'below-min-quantity' : 'below-min-cart-value';
}

function freshSlots(lines: readonly CartLine[]): Slot[] {
  return lines.map((line) => {
    const subtotal = line.unitPriceCents * line.quantity;
    return { line, subtotal, remaining: subtotal, discounted: false, locked: false, discounts: [] };
  });
}

/** Applies `rule` to the lines it may still touch; false when it takes nothing off. */
function applyRule(pass: Pass, rule: EngineRule, lines: readonly number[]): boolean {
  const amounts = actionAmounts(rule, pass.slots, lines);
  let total = 0;
  for (const a of amounts) total += a;
  if (total === 0) return false;
  applyAmounts(pass, rule, lines, amounts, total);
  return true;
}

function applyAmounts(pass: Pass, rule: EngineRule, lines: readonly number[], amounts: readonly number[], total: number): void {
  for (let k = 0; k < lines.length; k++) {
    const amount = amounts[k] ?? 0;
    const slot = pass.slots[lines[k] ?? 0];
    if (!slot) continue;
    if (rule.combination === 'exclusive' && !slot.locked) {
      slot.locked = true;
      pass.lockedCount++;
    }
    if (amount === 0) continue;
    slot.remaining -= amount;
    if (!slot.discounted) pass.discountedCount++;
    slot.discounted = true;
    slot.discounts.push({ ruleId: rule.id, name: rule.name, kind: rule.kind, amountCents: amount });
  }
  pass.applied.push({ rule, amount: total });
  pass.discount += total;
}

/** The regular combination: exclusive and stackable rules, in apply order (priority, then id). */
function regularPass(lines: readonly CartLine[], rules: readonly Candidate[]): Pass {
  const pass: Pass = { slots: freshSlots(lines), applied: [], blocked: [], discount: 0, discountedCount: 0, lockedCount: 0 };
  for (const { rule, lines: at } of rules) {
    let open: readonly number[];
    if (pass.discountedCount === 0 && pass.lockedCount === 0) open = at;
    else if (rule.combination === 'exclusive') {
      open = at.filter((i) => !pass.slots[i]?.discounted && !pass.slots[i]?.locked);
      if (open.length === 0) {
        pass.blocked.push({ rule, reason: at.some((i) => pass.slots[i]?.locked) ? 'exclusive-rule-applied' : 'not-combinable' });
        continue;
      }
    } else if (pass.lockedCount === 0) open = at;
    else {
      open = at.filter((i) => !pass.slots[i]?.locked);
      if (open.length === 0) {
        pass.blocked.push({ rule, reason: 'exclusive-rule-applied' });
        continue;
      }
    }
    if (!applyRule(pass, rule, open))
      pass.blocked.push({ rule, reason: progressiveUnreached(rule, pass.slots, open) ?? 'nothing-to-discount' });
  }
  return pass;
}

/** What a best-deal rule takes off the whole cart alone (`fresh`: the lines before any rule; only read). */
function aloneAmounts(fresh: readonly Slot[], candidate: Candidate): { amounts: number[]; total: number } {
  const amounts = actionAmounts(candidate.rule, fresh, candidate.lines);
  let total = 0;
  for (const a of amounts) total += a;
  return { amounts, total };
}

function told(rule: EngineRule, reason: NotAppliedReason, codeTyped: ReadonlyMap<string, string>): NotApplied | null {
  const typed = rule.couponCode === null ? undefined : codeTyped.get(rule.couponCode);
  if (typed === undefined && !ALWAYS_TOLD.has(reason)) return null;
  return { ruleId: rule.id, name: rule.name, couponCode: typed ?? null, reason, message: MESSAGES[reason] };
}

/**
 * Prices `lines` with the rules `index` offers for them.
 *
 * 1. Candidates: the rules that target some line (coupon rules only when their code was given), in apply order —
 *    priority descending, then id.
 * 2. Conditions: a candidate whose window, day/hour, channel, store, customer eligibility, coupon standing, minimum
 *    quantity or minimum cart value fails is set aside with that reason (checked in that order).
 * 3. Free-shipping rules that pass set the flag; they take nothing off and never compete.
 * 4. The regular combination: exclusive and stackable rules in apply order, each on the amounts the lines have left.
 *    An exclusive rule takes only lines no rule has discounted yet and then locks them; a stackable rule takes the
 *    lines no exclusive rule has locked.
 * 5. Each best-deal rule is priced alone. The alternative with the biggest discount wins (ties: the regular
 *    combination, then apply order); the rules of the others are told `better-deal-applied`. So adding a best-deal
 *    rule can only lower the total.
 *
 * Every amount is an integer number of centavos; a rule-wide amount (percentages, order amounts, caps) is spread
 * over its lines in proportion to what each has left, by largest remainder, so no line goes below zero and the
 * lines add up to the total exactly.
 */
export function priceCart(index: RuleIndex, lines: readonly CartLine[], ctx: PricingContext): PricingResult {
  // Lines are priced in a canonical order, so the result does not depend on the order they were given in.
  const order = lines.map((_, i) => i).sort((a, b) => compareLines(lines[a], lines[b]) || a - b);
  const sorted = order.map((i) => lines[i] as CartLine);
  const clock = clockAt(ctx.atMs);

  const codeTyped = new Map<string, string>();
  for (const typed of ctx.couponCodes) {
    const code = normalizeCode(typed);
    if (code !== '' && !codeTyped.has(code)) codeTyped.set(code, typed);
  }
  const candidates = index.candidates(sorted, [...codeTyped.keys()]);

  let cartSubtotal = 0;
  for (const line of sorted) cartSubtotal += line.unitPriceCents * line.quantity;

  const notApplied: NotApplied[] = [];
  const regular: Candidate[] = [];
  const bestDeals: Candidate[] = [];
  const shipping: EngineRule[] = [];
  for (const candidate of candidates) {
    const failure = conditionFailure(candidate.rule, candidate, sorted, cartSubtotal, ctx, clock);
    if (failure !== null) {
      const note = told(candidate.rule, failure, codeTyped);
      if (note) notApplied.push(note);
    } else if (candidate.rule.action.type === 'free-shipping') shipping.push(candidate.rule);
    else if (candidate.rule.combination === 'best-deal') bestDeals.push(candidate);
    else regular.push(candidate);
  }

  let best = regularPass(sorted, regular);
  const losers: EngineRule[] = [];
  if (bestDeals.length) {
    const fresh = freshSlots(sorted);
    let winner: { candidate: Candidate; amounts: number[]; total: number } | null = null;
    for (const candidate of bestDeals) {
      const alone = aloneAmounts(fresh, candidate);
      if (alone.total > (winner?.total ?? best.discount)) {
        if (winner) losers.push(winner.candidate.rule);
        winner = { candidate, ...alone };
      } else if (alone.total > 0) losers.push(candidate.rule);
      else {
        const note = told(candidate.rule, progressiveUnreached(candidate.rule, fresh, candidate.lines) ?? 'nothing-to-discount', codeTyped);
        if (note) notApplied.push(note);
      }
    }
    if (winner) {
      losers.unshift(...best.applied.map((a) => a.rule));
      best = { slots: fresh, applied: [], blocked: [], discount: 0, discountedCount: 0, lockedCount: 0 };
      applyAmounts(best, winner.candidate.rule, winner.candidate.lines, winner.amounts, winner.total);
    }
  }
  for (const b of best.blocked) {
    const note = told(b.rule, b.reason, codeTyped);
    if (note) notApplied.push(note);
  }
  for (const rule of losers) {
    const note = told(rule, 'better-deal-applied', codeTyped);
    if (note) notApplied.push(note);
  }

  const discounts: LineDiscount[] = best.applied.map((a) => ({
    ruleId: a.rule.id,
    name: a.rule.name,
    kind: a.rule.kind,
    amountCents: a.amount,
  }));
  for (const rule of shipping) discounts.push({ ruleId: rule.id, name: rule.name, kind: rule.kind, amountCents: 0 });

  // Codes given: which rule each names and whether it applied; a code no rule has is told as unknown.
  const appliedIds = new Set(discounts.map((d) => d.ruleId));
  const candidateIds = new Set(candidates.map((c) => c.rule.id));
  const coupons: PricingResult['coupons'] = [];
  for (const [code, typed] of codeTyped) {
    const rules = index.couponRules(code);
    if (rules.length === 0) {
      coupons.push({ code: typed, ruleId: null, applied: false });
      notApplied.push({ ruleId: null, name: null, couponCode: typed, reason: 'coupon-unknown', message: MESSAGES['coupon-unknown'] });
      continue;
    }
    for (const rule of rules) {
      coupons.push({ code: typed, ruleId: rule.id, applied: appliedIds.has(rule.id) });
      // A coupon for products the cart does not hold was never a candidate.
      if (!candidateIds.has(rule.id)) {
        notApplied.push({
          ruleId: rule.id,
          name: rule.name,
          couponCode: typed,
          reason: 'nothing-to-discount',
          message: MESSAGES['nothing-to-discount'],
        });
      }
    }
  }

  const priced: PricedLine[] = new Array<PricedLine>(lines.length);
  let subtotal = 0;
  let total = 0;
  for (let k = 0; k < order.length; k++) {
    const slot = best.slots[k] as Slot;
    subtotal += slot.subtotal;
    total += slot.remaining;
    priced[order[k] as number] = {
      subtotalCents: slot.subtotal,
      discounts: slot.discounts,
      discountCents: slot.subtotal - slot.remaining,
      totalCents: slot.remaining,
    };
  }
  return {
    lines: priced,
    discounts,
    notApplied,
    freeShipping: shipping.length > 0,
    coupons,
    subtotalCents: subtotal,
    discountCents: subtotal - total,
    totalCents: total,
    candidates: candidates.length,
  };
}

function compareLines(a: CartLine | undefined, b: CartLine | undefined): number {
  if (!a || !b) return 0;
  if (a.productId !== b.productId) return a.productId < b.productId ? -1 : 1;
  const av = a.variantId ?? '';
  const bv = b.variantId ?? '';
  if (av !== bv) return av < bv ? -1 : 1;
  if (a.quantity !== b.quantity) return a.quantity - b.quantity;
  return a.unitPriceCents - b.unitPriceCents;
}
