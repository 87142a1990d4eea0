import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const TTL_MS = 60_000;
const MAX_CACHED = 50_000;
/** Corrections tried per misspelt word. */
const ALTERNATIVES = 3;

/**
 * Misspelt query words ("camizeta", "tenys") corrected to words of the tenant's catalog by trigram similarity
 * (pg_trgm over `search_term`, a table of a few thousand words, not over the products). A word the catalog knows
 * is left alone. Answers are cached a minute per tenant and word: chats ask the same words all day.
 */
@Injectable()
export class TypoCorrector {
  private readonly cache = new Map<string, { corrections: string[]; until: number }>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async correct(tenantId: string, words: string[]): Promise<Map<string, string[]>> {
    const now = Date.now();
    const out = new Map<string, string[]>();
    const todo: string[] = [];
    for (const w of words) {
      const hit = this.cache.get(`${tenantId}\u0000${w}`);
      if (hit && hit.until > now) out.set(w, hit.corrections);
      else if (w.length >= 3 && !/^\d+$/.test(w)) todo.push(w);
      else out.set(w, []);
    }
    if (todo.length) {
      const rows = (await this.dataSource.query(
        `SELECT w.word, c.term, (k.term IS NOT NULL) AS known
           FROM unnest($2::text[]) AS w(word)
           LEFT JOIN "catalog"."search_term" k ON k.tenant_id = $1 AND k.term = w.word
           LEFT JOIN LATERAL (
             SELECT t.term FROM "catalog"."search_term" t
              WHERE k.term IS NULL AND t.tenant_id = $1 AND t.term % w.word
              ORDER BY similarity(t.term, w.word) DESC, t.term LIMIT ${ALTERNATIVES}) c ON true`,
        [tenantId, todo],
      )) as { word: string; term: string | null; known: boolean }[];
      const found = new Map<string, string[]>(todo.map((w) => [w, []]));
      for (const r of rows) if (!r.known && r.term && r.term !== r.word) found.get(r.word)?.push(r.term);
      if (this.cache.size > MAX_CACHED) this.cache.clear();
      for (const [w, corrections] of found) {
        this.cache.set(`${tenantId}\u0000${w}`, { corrections, until: now + TTL_MS });
        out.set(w, corrections);
      }
    }
    return out;
  }
}
