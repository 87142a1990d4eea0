import { toSaoPauloIso } from '../common/dates';
import { compareKeys, type CursorKey, encodeCursor } from './product-cursor';
import { type DiscountRuleDto, type DiscountRuleSpec } from './retailer.types';

/** A rule as the retailer keeps it. A deleted rule stays, disabled, so a feed reader learns of the deletion. */
export interface DiscountRuleRecord {
  rule: DiscountRuleSpec;
  updatedAtMs: number;
  deleted: boolean;
}

export function discountRuleDto(r: DiscountRuleRecord): DiscountRuleDto {
  return { ...r.rule, updatedAt: toSaoPauloIso(r.updatedAtMs) };
}

const keyOf = (r: DiscountRuleRecord): CursorKey => ({ updatedAtMs: r.updatedAtMs, id: r.rule.id });

/**
 * The retailer's discount rules, served like its products: ordered by (updatedAt, id) with a keyset cursor, so a
 * walk sees every rule that existed when it began at least once, and a rule changed mid-walk shows up again later.
 */
export class DiscountRuleBook {
  private readonly byId = new Map<string, DiscountRuleRecord>();
  /** The rules in (updatedAt, id) order, rebuilt on the first read after a change. */
  private ordered: DiscountRuleRecord[] | null = null;
  private lastUpdateMs: number;

  constructor(
    private readonly now: () => number,
    seed: DiscountRuleRecord[] = [],
  ) {
    for (const r of seed) this.byId.set(r.rule.id, r);
    this.lastUpdateMs = Math.max(now(), ...seed.map((r) => r.updatedAtMs));
  }

  size(): number {
    return this.byId.size;
  }

  get(id: string): DiscountRuleRecord | undefined {
    return this.byId.get(id);
  }

  /** One page after `after`, only versions at or after `sinceMs`. */
  list(query: { after: CursorKey | null; sinceMs: number | null; limit: number }): { items: DiscountRuleDto[]; nextCursor: string | null } {
    const ordered = (this.ordered ??= [...this.byId.values()].sort((a, b) => compareKeys(keyOf(a), keyOf(b))));
    let lo = 0;
    let hi = ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const key = keyOf(ordered[mid] as DiscountRuleRecord);
      const before =
        (query.after !== null && compareKeys(key, query.after) <= 0) || (query.sinceMs !== null && key.updatedAtMs < query.sinceMs);
      if (before) lo = mid + 1;
      else hi = mid;
    }
    const page = ordered.slice(lo, lo + query.limit);
    const last = page[page.length - 1];
    const more = lo + page.length < ordered.length;
    return { items: page.map(discountRuleDto), nextCursor: more && last ? encodeCursor(keyOf(last)) : null };
  }

  /** Creates or replaces rules; each gets a fresh, strictly increasing updatedAt (a deleted rule comes back). */
  upsert(rules: DiscountRuleSpec[]): DiscountRuleRecord[] {
    return rules.map((rule) => this.store({ rule, updatedAtMs: this.nextUpdateMs(), deleted: false }));
  }

  /**
   * Stores many rules "as of" one instant (a generated rule set): one updatedAt for all, so a million rules do not
   * push the clock a million milliseconds ahead.
   */
  upsertAsOf(rules: DiscountRuleSpec[]): DiscountRuleRecord[] {
    const updatedAtMs = this.nextUpdateMs();
    return rules.map((rule) => this.store({ rule, updatedAtMs, deleted: false }));
  }

  /** Deletes rules: each stays in the feed disabled, with a fresh updatedAt. Unknown ids are the caller's to check. */
  delete(ids: string[]): DiscountRuleRecord[] {
    return ids.flatMap((id) => {
      const existing = this.byId.get(id);
      if (!existing) return [];
      return [this.store({ rule: { ...existing.rule, enabled: false }, updatedAtMs: this.nextUpdateMs(), deleted: true })];
    });
  }

  private store(record: DiscountRuleRecord): DiscountRuleRecord {
    this.byId.set(record.rule.id, record);
    this.ordered = null;
    return record;
  }

  private nextUpdateMs(): number {
    this.lastUpdateMs = Math.max(this.now(), this.lastUpdateMs + 1);
    return this.lastUpdateMs;
  }
}
