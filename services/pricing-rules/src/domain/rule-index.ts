import type { CartLine, EngineRule } from './engine-types';

/** A rule offered for a cart, with the positions of the lines it targets. */
export interface Candidate {
  rule: EngineRule;
  lines: number[];
}

/** Applies first: higher priority, then id (a total order, so equal priorities never depend on load order). */
export function compareRules(a: EngineRule, b: EngineRule): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * A tenant's enabled rules indexed by what they target, so a quote looks only at the rules that can touch its
 * lines: per product, variant, category, manufacturer and collection, plus the rules that touch every line. Coupon
 * rules are found by code only, so a coupon nobody typed costs nothing. Built once per rule-set version.
 */
export class RuleIndex {
  private readonly byProduct = new Map<string, number[]>();
  private readonly byVariant = new Map<string, number[]>();
  private readonly byCategory = new Map<string, number[]>();
  private readonly byManufacturer = new Map<string, number[]>();
  private readonly byCollection = new Map<string, number[]>();
  private readonly everyLine: number[] = [];
  private readonly byCoupon = new Map<string, EngineRule[]>();
  /** The rules in apply order; a rule is known by its position here (its rank). */
  private readonly ranked: EngineRule[];
  private readonly rankOf = new Map<EngineRule, number>();
  // Per-call scratch, reused so a quote allocates little: which call last saw each rank, and where its lines are.
  // Safe because a quote is priced synchronously from start to end (nothing interleaves on one thread).
  private readonly seenIn: Int32Array;
  private readonly slotOf: Int32Array;
  private call = 0;
  readonly size: number;
  /** Some rule needs the customer's eligibility: only then is it asked. */
  readonly needsEligibility: boolean;

  constructor(
    rules: readonly EngineRule[],
    readonly version: number,
  ) {
    this.size = rules.length;
    this.needsEligibility = rules.some((r) => r.needsEligibility);
    this.ranked = [...rules].sort(compareRules);
    this.ranked.forEach((rule, rank) => this.rankOf.set(rule, rank));
    this.seenIn = new Int32Array(this.ranked.length);
    this.slotOf = new Int32Array(this.ranked.length);
    const push = (map: Map<string, number[]>, key: string, rank: number) => {
      const list = map.get(key);
      if (list === undefined) map.set(key, [rank]);
      else if (list[list.length - 1] !== rank) list.push(rank);
    };
    this.ranked.forEach((rule, rank) => {
      if (rule.couponCode !== null) {
        const list = this.byCoupon.get(rule.couponCode);
        if (list) list.push(rule);
        else this.byCoupon.set(rule.couponCode, [rule]);
        return;
      }
      const t = rule.target;
      if (t.all) {
        this.everyLine.push(rank);
        return;
      }
      for (const id of t.productIds) push(this.byProduct, id, rank);
      for (const id of t.variantIds) push(this.byVariant, id, rank);
      for (const name of t.categories) push(this.byCategory, name, rank);
      for (const name of t.manufacturers) push(this.byManufacturer, name, rank);
      for (const name of t.collections) push(this.byCollection, name, rank);
    });
  }

  couponRules(code: string): readonly EngineRule[] {
    return this.byCoupon.get(code) ?? [];
  }

  /** The rules that can touch these lines (coupon rules only for the codes given), each with its lines, in apply order. */
  candidates(lines: readonly CartLine[], couponCodes: readonly string[]): Candidate[] {
    const call = ++this.call;
    if (call === 0x7fffffff) {
      this.call = 1;
      this.seenIn.fill(0);
    }
    const stamp = this.call;
    const found: { rank: number; lines: number[] }[] = [];
    const add = (rank: number, line: number): void => {
      if (this.seenIn[rank] !== stamp) {
        this.seenIn[rank] = stamp;
        this.slotOf[rank] = found.length;
        found.push({ rank, lines: [line] });
        return;
      }
      const at = (found[this.slotOf[rank] ?? 0] as { lines: number[] }).lines;
      // A line found under two keys (its product and its category) is added once.
      if (!at.includes(line)) at.push(line);
    };
    const addAll = (ranks: readonly number[] | undefined, line: number) => {
      if (ranks !== undefined) for (const rank of ranks) add(rank, line);
    };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as CartLine;
      addAll(this.byProduct.get(line.productId), i);
      if (line.variantId !== null) addAll(this.byVariant.get(line.variantId), i);
      for (const name of line.categories) addAll(this.byCategory.get(name), i);
      for (const name of line.manufacturers) addAll(this.byManufacturer.get(name), i);
      for (const name of line.collections) addAll(this.byCollection.get(name), i);
    }
    if (this.everyLine.length) {
      const every = lines.map((_, i) => i);
      for (const rank of this.everyLine) found.push({ rank, lines: every });
    }
    const out: Candidate[] = [];
    for (const code of couponCodes) {
      for (const rule of this.byCoupon.get(code) ?? []) {
        const at: number[] = [];
        for (let i = 0; i < lines.length; i++) if (targets(rule, lines[i] as CartLine)) at.push(i);
        if (at.length) found.push({ rank: this.rankOf.get(rule) ?? 0, lines: at });
      }
    }
    found.sort((a, b) => a.rank - b.rank);
    // Lines are in ascending order already: they were visited in order.
    for (const f of found) out.push({ rule: this.ranked[f.rank] as EngineRule, lines: f.lines });
    return out;
  }
}

/** Whether `rule` touches `line`: any of its lists matches (all empty: every line). */
export function targets(rule: EngineRule, line: CartLine): boolean {
  const t = rule.target;
  if (t.all) return true;
  if (t.productIds.has(line.productId)) return true;
  if (line.variantId !== null && t.variantIds.has(line.variantId)) return true;
  for (const name of line.categories) if (t.categories.has(name)) return true;
  for (const name of line.manufacturers) if (t.manufacturers.has(name)) return true;
  for (const name of line.collections) if (t.collections.has(name)) return true;
  return false;
}
