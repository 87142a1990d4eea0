import type { CartLine, EngineRule } from './engine-types';

/** A rule offered for a cart, with the positions of the lines it targets. */
export interface Candidate {
  rule: EngineRule;
  lines: number[];
}

function push(map: Map<string, EngineRule[]>, key: string, rule: EngineRule): void {
  const list = map.get(key);
  if (list) list.push(rule);
  else map.set(key, [rule]);
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
  private readonly byProduct = new Map<string, EngineRule[]>();
  private readonly byVariant = new Map<string, EngineRule[]>();
  private readonly byCategory = new Map<string, EngineRule[]>();
  private readonly byManufacturer = new Map<string, EngineRule[]>();
  private readonly byCollection = new Map<string, EngineRule[]>();
  private readonly everyLine: EngineRule[] = [];
  private readonly byCoupon = new Map<string, EngineRule[]>();
  readonly size: number;

  constructor(
    rules: readonly EngineRule[],
    readonly version: number,
  ) {
    this.size = rules.length;
    for (const rule of rules) {
      if (rule.couponCode !== null) {
        push(this.byCoupon, rule.couponCode, rule);
        continue;
      }
      const t = rule.target;
      if (t.all) {
        this.everyLine.push(rule);
        continue;
      }
      for (const id of t.productIds) push(this.byProduct, id, rule);
      for (const id of t.variantIds) push(this.byVariant, id, rule);
      for (const name of t.categories) push(this.byCategory, name, rule);
      for (const name of t.manufacturers) push(this.byManufacturer, name, rule);
      for (const name of t.collections) push(this.byCollection, name, rule);
    }
  }

  couponRules(code: string): readonly EngineRule[] {
    return this.byCoupon.get(code) ?? [];
  }

  /** The rules that can touch these lines (coupon rules only for the codes given), each with its lines, in apply order. */
  candidates(lines: readonly CartLine[], couponCodes: readonly string[]): Candidate[] {
    const found = new Map<EngineRule, number[]>();
    const add = (rule: EngineRule, line: number): void => {
      const at = found.get(rule);
      if (at === undefined) found.set(rule, [line]);
      else if (at[at.length - 1] !== line) at.push(line);
    };
    const addTargeted = (rule: EngineRule): void => {
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (line !== undefined && targets(rule, line)) add(rule, i);
      }
    };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line === undefined) continue;
      for (const rule of this.byProduct.get(line.productId) ?? []) add(rule, i);
      if (line.variantId !== null) for (const rule of this.byVariant.get(line.variantId) ?? []) add(rule, i);
      for (const name of line.categories) for (const rule of this.byCategory.get(name) ?? []) add(rule, i);
      for (const name of line.manufacturers) for (const rule of this.byManufacturer.get(name) ?? []) add(rule, i);
      for (const name of line.collections) for (const rule of this.byCollection.get(name) ?? []) add(rule, i);
    }
    for (const rule of this.everyLine) addTargeted(rule);
    for (const code of couponCodes) for (const rule of this.byCoupon.get(code) ?? []) if (!found.has(rule)) addTargeted(rule);
    const out: Candidate[] = [];
    for (const [rule, at] of found) {
      // A line found under two keys (its product and its category) was added once per key, not always adjacently.
      out.push({ rule, lines: at.length > 1 ? [...new Set(at)].sort((a, b) => a - b) : at });
    }
    return out.sort((a, b) => compareRules(a.rule, b.rule));
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
