import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CatalogProduct, vocabularyOf } from '../product/domain/catalog-product';

const MAX_REMEMBERED = 200_000;

/**
 * The words of each tenant's catalog, which a misspelt query word is corrected to (by trigram similarity). Words are
 * only ever added: a stale word costs nothing but a correction that finds nothing. This process remembers the words
 * it has stored, so a sync of a million products sends each word once, not a million times.
 */
@Injectable()
export class SearchVocabulary {
  private readonly known = new Map<string, Set<string>>();
  private remembered = 0;

  /**
   * Stores the products' new words in `m`'s transaction; returns a function to call once it committed (the words
   * are remembered then, so a rolled-back batch sends them again).
   */
  async add(m: EntityManager, tenantId: string, products: CatalogProduct[]): Promise<() => void> {
    const known = this.known.get(tenantId);
    const fresh = new Set<string>();
    for (const p of products) for (const w of vocabularyOf(p)) if (!known?.has(w)) fresh.add(w);
    if (!fresh.size) return () => undefined;
    await m.query(`INSERT INTO "catalog"."search_term" (tenant_id, term) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [
      tenantId,
      [...fresh],
    ]);
    return () => this.remember(tenantId, fresh);
  }

  /** A tenant deleted: nothing of it kept in memory. */
  forget(tenantId: string): void {
    this.remembered -= this.known.get(tenantId)?.size ?? 0;
    this.known.delete(tenantId);
  }

  private remember(tenantId: string, words: Set<string>): void {
    if (this.remembered + words.size > MAX_REMEMBERED) {
      this.known.clear();
      this.remembered = 0;
    }
    let known = this.known.get(tenantId);
    if (!known) this.known.set(tenantId, (known = new Set()));
    for (const w of words) known.add(w);
    this.remembered += words.size;
  }
}
