import { compareKeys, type CursorKey, decodeCursor, encodeCursor } from '../product-cursor';
import { type CatalogSpec, firstGeneratedSince, generatedUpdatedAt, generateProduct, hash, indexOf, productId } from './generator';
import { cloneRecord, productDto, type ProductRecord } from './product-record';
import { COLLECTIONS } from './vocabulary';

export const CHANGE_KINDS = ['price', 'stock', 'promotion', 'deactivation', 'collections', 'creation'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One change the control API made, as the retailer would announce it. */
export interface CatalogChange {
  kind: ChangeKind;
  productId: string;
  /** The variant whose stock changed, for a stock change of a product sold by variant. */
  variantId: string | null;
  product: ProductRecord;
}

interface Entry {
  key: CursorKey;
  /** A stored product, or an item injected as is (bad data), served without a look. */
  record?: ProductRecord;
  raw?: unknown;
}

const DAY = 86_400_000;

/**
 * One retailer's catalog. A generated catalog is a spec (seed and size), its products derived on demand, plus an
 * overlay of what changed since (kept in memory: a million products cost nothing until they change). A catalog
 * without a spec is its overlay alone (the hand-written fixtures). Products are listed in (updatedAt, id) order:
 * every generated product shares the catalog's base time, so the generated ones come first in id order, then the
 * changed and added ones in the order they changed.
 */
export class RetailerCatalog {
  private readonly overlay = new Map<string, ProductRecord>();
  private raw: Entry[] = [];
  private readonly rawIds = new Set<string>();
  /** Products the retailer deleted: gone from its feed (a full sync of the hub then deactivates them). */
  private readonly removed = new Set<string>();
  private ordered: Entry[] | null = null;
  private created = 0;
  private lastUpdateMs: number;

  constructor(
    readonly name: string,
    private readonly now: () => number,
    private readonly spec: CatalogSpec | null,
    fixtures: ProductRecord[] = [],
  ) {
    for (const p of fixtures) this.overlay.set(p.id, p);
    this.lastUpdateMs = Math.max(now(), spec?.baseTimeMs ?? 0, ...fixtures.map((p) => p.updatedAtMs));
  }

  /** Products the retailer has now (generated, changed and added; injected raw items not counted). */
  size(): number {
    let n = this.spec ? this.spec.size + this.created : 0;
    for (const id of this.overlay.keys()) if (this.generatedIndex(id) === null && !this.isCreated(id)) n++;
    return n - this.removed.size;
  }

  get(id: string): ProductRecord | null {
    if (this.removed.has(id)) return null;
    const changed = this.overlay.get(id);
    if (changed) return changed;
    const index = this.generatedIndex(id);
    return index === null || !this.spec ? null : generateProduct(this.spec, index);
  }

  /** One page in (updatedAt, id) order after `cursor`, only versions at or after `sinceMs`. */
  list(query: { after: CursorKey | null; sinceMs: number | null; limit: number }): { items: unknown[]; nextCursor: string | null } {
    const items: unknown[] = [];
    let lastKey: CursorKey | null = null;
    let more = false;
    const take = (key: CursorKey, item: () => unknown): boolean => {
      if (items.length === query.limit) {
        more = true;
        return false;
      }
      items.push(item());
      lastKey = key;
      return true;
    };
    const spec = this.spec;
    if (spec && (query.sinceMs === null || query.sinceMs <= spec.baseTimeMs)) {
      const baseKey = (i: number): CursorKey => ({ updatedAtMs: generatedUpdatedAt(spec, i), id: productId(spec, i) });
      let i = Math.max(
        query.after === null ? 0 : this.firstGeneratedAfter(query.after),
        query.sinceMs === null ? 0 : firstGeneratedSince(spec, query.sinceMs),
      );
      for (; i < spec.size && !more; i++) {
        const key = baseKey(i);
        if (this.overlay.has(key.id) || this.shadowedByRaw(key.id) || this.removed.has(key.id)) continue;
        if (!take(key, () => productDto(generateProduct(spec, i)))) break;
      }
    }
    if (!more) {
      const entries = this.entries();
      let start = lowerBound(entries, query.after, query.sinceMs);
      for (; start < entries.length; start++) {
        const e = entries[start] as Entry;
        if (!take(e.key, () => (e.record ? productDto(e.record) : e.raw))) break;
      }
    }
    return { items, nextCursor: more && lastKey ? encodeCursor(lastKey) : null };
  }

  /** Decodes a cursor this catalog issued (null: not one). */
  static cursor(text: string): CursorKey | null {
    return decodeCursor(text);
  }

  /** Stores products as given (the control API's upsert has merged them already); each gets a fresh updatedAt. */
  put(records: ProductRecord[]): ProductRecord[] {
    // A product stored properly replaces a bad version of it injected raw (the retailer fixed its data).
    if (this.raw.length && records.some((r) => this.rawIds.has(r.id))) {
      const fixed = new Set(records.map((r) => r.id));
      this.raw = this.raw.filter((e) => !fixed.has(e.key.id));
      for (const id of fixed) this.rawIds.delete(id);
    }
    return records.map((r) => {
      const stored = { ...r, updatedAtMs: this.nextUpdateMs() };
      this.overlay.set(stored.id, stored);
      this.ordered = null;
      return stored;
    });
  }

  /** Deletes products at the retailer (they leave its feed); returns how many existed. */
  remove(ids: string[]): number {
    let n = 0;
    for (const id of ids) {
      if (this.removed.has(id) || !this.get(id)) continue;
      this.removed.add(id);
      this.overlay.delete(id);
      n++;
    }
    this.ordered = null;
    return n;
  }

  /** Items served exactly as given, bad data included (quarantine tests); each gets a place at the end of the feed. */
  injectRaw(items: unknown[]): number {
    for (const item of items) {
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id === 'string') this.rawIds.add(id);
      this.raw.push({ key: { updatedAtMs: this.nextUpdateMs(), id: typeof id === 'string' ? id : `~raw-${this.raw.length}` }, raw: item });
    }
    this.ordered = null;
    return items.length;
  }

  /** A sale takes units off the shelf (negative) or a cancellation puts them back; the product's version moves. */
  adjustStock(id: string, delta: number): void {
    const current = this.get(id);
    if (!current) return;
    const next = cloneRecord(current);
    next.stock = Math.max(0, next.stock + delta);
    this.put([next]);
  }

  /**
   * Changes `count` products, chosen and changed deterministically from `seed`: new prices, stock, promotions,
   * deactivations (or reactivations), collections, and new products, in the proportions of `kinds` (each change picks one).
   */
  mutate(opts: { count: number; seed: number; kinds: readonly ChangeKind[] }): CatalogChange[] {
    const existing = this.existingIds();
    const changes: CatalogChange[] = [];
    const now = this.now();
    // Distinct products without retries: a walk of stride coprime with the count visits each index once.
    const n = existing.count;
    let stride = 1 + (hash(opts.seed, 0, 3) % Math.max(1, n));
    while (n > 1 && gcd(stride, n) !== 1) stride++;
    const offset = n ? hash(opts.seed, 0, 5) % n : 0;
    let picked = 0;
    for (let k = 0; k < opts.count; k++) {
      const kind = opts.kinds[hash(opts.seed, k, 7) % opts.kinds.length] as ChangeKind;
      if (kind === 'creation') {
        changes.push(this.createProduct(now));
        continue;
      }
      if (picked >= n) break;
      const current = this.get(existing.at((offset + picked++ * stride) % n));
      if (!current) {
        k--; // removed at the retailer: pick another
        continue;
      }
      const product = cloneRecord(current);
      changes.push(this.change(product, kind, hash(opts.seed, k, 13), now));
    }
    return changes;
  }

  private change(product: ProductRecord, kind: Exclude<ChangeKind, 'creation'>, h: number, now: number): CatalogChange {
    let variantId: string | null = null;
    switch (kind) {
      case 'price': {
        // Up or down by R$ 1 to R$ 20, never to the same price.
        const step = (1 + (h % 20)) * 100 * (h % 2 ? 1 : -1);
        product.priceCents = product.priceCents + step >= 190 ? product.priceCents + step : product.priceCents + Math.abs(step);
        if (product.promoPriceCents !== null && product.promoPriceCents > product.priceCents) {
          product.promoPriceCents = null;
          product.promoStart = null;
          product.promoEnd = null;
        }
        break;
      }
      case 'stock': {
        const variant = product.variants.length ? product.variants[h % product.variants.length] : undefined;
        if (variant) {
          variant.stock = (variant.stock + 1 + (h % 25)) % 60;
          variantId = variant.id;
          product.stock = product.variants.reduce((s, v) => s + v.stock, 0);
        } else {
          product.stock = (product.stock + 1 + (h % 250)) % 400;
        }
        break;
      }
      case 'promotion': {
        product.promoPriceCents = Math.max(90, Math.floor((product.priceCents * 0.8) / 100) * 100 - 10);
        if (product.promoPriceCents >= product.priceCents) product.promoPriceCents = product.priceCents - 10;
        product.promoStart = new Date(now - DAY).toISOString();
        product.promoEnd = new Date(now + 10 * DAY).toISOString();
        for (const v of product.variants) v.promoPriceCents = null;
        break;
      }
      case 'deactivation':
        product.active = !product.active;
        break;
      case 'collections': {
        // Into a collection or out of it (never more than two): always a different set.
        const collection = COLLECTIONS[h % COLLECTIONS.length] as string;
        const current = product.collections ?? [];
        product.collections = current.includes(collection)
          ? current.filter((c) => c !== collection)
          : [...current.slice(current.length >= 2 ? 1 : 0), collection];
        break;
      }
    }
    const [stored] = this.put([product]);
    return { kind, productId: product.id, variantId, product: stored as ProductRecord };
  }

  private createProduct(now: number): CatalogChange {
    const spec = this.spec ?? { seed: 1, size: 0, baseTimeMs: now, idPrefix: `${this.name.toUpperCase()}-N` };
    const index = spec.size + this.created++;
    const fresh = generateProduct({ ...spec, baseTimeMs: now }, index);
    const [stored] = this.put([fresh]);
    return { kind: 'creation', productId: fresh.id, variantId: null, product: stored as ProductRecord };
  }

  /** The ids of every product (without listing them): generated ones by index, the others from the overlay. */
  private existingIds(): { count: number; at: (i: number) => string } {
    const extra = [...this.overlay.keys()].filter((id) => this.generatedIndex(id) === null).sort();
    // Removed generated products are skipped by the caller (get() answers null for them).
    const generated = this.spec ? this.spec.size : 0;
    const spec = this.spec;
    return {
      count: generated + extra.length,
      at: (i) => (i < generated && spec ? productId(spec, i) : (extra[i - generated] as string)),
    };
  }

  /** A product added by `mutate` (counted by `created`, not as an overlay extra). */
  private isCreated(id: string): boolean {
    return this.spec !== null && id.startsWith(this.spec.idPrefix) && indexOf(this.spec, id, this.spec.size + this.created) !== null;
  }

  private generatedIndex(id: string): number | null {
    return this.spec ? indexOf(this.spec, id, this.spec.size) : null;
  }

  private shadowedByRaw(id: string): boolean {
    return this.rawIds.has(id);
  }

  private firstGeneratedAfter(after: CursorKey): number {
    const spec = this.spec as CatalogSpec;
    // Generated ids have one width, so their text order is their index order, as is their updatedAt's: the first
    // index whose key is above the cursor's.
    let lo = 0;
    let hi = spec.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys({ updatedAtMs: generatedUpdatedAt(spec, mid), id: productId(spec, mid) }, after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private entries(): Entry[] {
    if (!this.ordered) {
      const records: Entry[] = [...this.overlay.values()].map((record) => ({
        key: { updatedAtMs: record.updatedAtMs, id: record.id },
        record,
      }));
      this.ordered = [...records, ...this.raw].sort((a, b) => compareKeys(a.key, b.key));
    }
    return this.ordered;
  }

  private nextUpdateMs(): number {
    this.lastUpdateMs = Math.max(this.now(), this.lastUpdateMs + 1);
    return this.lastUpdateMs;
  }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The first entry after `after` whose version is at or after `sinceMs`. */
function lowerBound(entries: Entry[], after: CursorKey | null, sinceMs: number | null): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const key = (entries[mid] as Entry).key;
    const before = (after !== null && compareKeys(key, after) <= 0) || (sinceMs !== null && key.updatedAtMs < sinceMs);
    if (before) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
