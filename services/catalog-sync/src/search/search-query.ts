import { createHash } from 'node:crypto';
import { CatalogErrors, type ProductSearchQuery, type ProductSort } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { searchKey, searchWords } from '../product/domain/catalog-product';

/** A lexeme of tsquery input syntax, quoted verbatim (no stemming): `'c:casa e cozinha'`. */
export function lexeme(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * The category, collection and manufacturer filters as tsquery text (null: none), matched through the same GIN index
 * as the words, so a filter narrows the index scan itself.
 */
export function exactQuery(q: Pick<ProductSearchQuery, 'category' | 'collection' | 'manufacturer'>): string | null {
  const parts: string[] = [];
  if (q.category) parts.push(lexeme(`c:${searchKey(q.category)}`));
  if (q.collection) parts.push(lexeme(`col:${searchKey(q.collection)}`));
  if (q.manufacturer) parts.push(lexeme(`m:${searchKey(q.manufacturer)}`));
  return parts.length ? parts.join(' & ') : null;
}

/** The query as codes (an id, SKU or EAN typed whole), OR-ed: `'id:X' | 'sku:x' | 'ean:X'`. */
export function codeQuery(text: string): string | null {
  const t = text.trim();
  if (!t || /\s/.test(t)) return null;
  return [lexeme(`id:${t}`), lexeme(`sku:${searchKey(t)}`), lexeme(`ean:${t}`)].join(' | ');
}

/**
 * The words as to_tsquery text (stemmed and unaccented by the `catalog.pt` configuration): every word must match,
 * each as a prefix (the user may still be typing) or as one of its corrections (a misspelt word).
 */
export function wordsQuery(words: string[], corrections: Map<string, string[]>): string | null {
  if (!words.length) return null;
  return words
    .map((w) => {
      const alternatives = [`${w}:*`, ...(corrections.get(w) ?? [])];
      return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' | ')})`;
    })
    .join(' & ');
}

/** Words of the query worth looking up (letters and digits, at least two characters). */
export function queryWords(q: string | undefined): string[] {
  return q ? [...new Set(searchWords(q))].slice(0, 12) : [];
}

// ---- Cursors ---------------------------------------------------------------------------------------------

/** The order a result is in, and the default: relevance with words, name without. */
export function effectiveSort(q: ProductSearchQuery): Exclude<ProductSort, 'relevance'> | 'relevance' {
  if (q.sort) return q.sort === 'relevance' && !q.q?.trim() ? 'name' : q.sort;
  return q.q?.trim() ? 'relevance' : 'name';
}

interface CursorBody {
  v: 1;
  /** Fingerprint of the question: a cursor only continues the search that issued it. */
  f: string;
  /** Relevance: how many results were served. */
  o?: number;
  /** Other orders: the sort key and id of the last result served. */
  k?: [string | number, string];
}

export function fingerprint(tenantId: string, q: ProductSearchQuery): string {
  const { cursor: _c, size: _s, from: _f, ...question } = q;
  return createHash('sha256')
    .update(JSON.stringify([tenantId, effectiveSort(q), Object.entries(question).sort()]))
    .digest('base64url')
    .slice(0, 12);
}

export function encodeCursor(body: Omit<CursorBody, 'v'>): string {
  return Buffer.from(JSON.stringify({ v: 1, ...body }), 'utf8').toString('base64url');
}

export function decodeCursor(text: string, expected: string): CursorBody {
  const invalid = (why: string) =>
    new DomainError(CatalogErrors.CursorInvalid, `cursor ${why}`, { field: 'cursor', fieldErrors: [{ field: 'cursor', message: why }] });
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid('is not one this API issued');
  }
  const b = body as Partial<CursorBody> | null;
  if (!b || b.v !== 1 || typeof b.f !== 'string') throw invalid('is not one this API issued');
  if (b.f !== expected) throw invalid('belongs to another search (other words, filters or sort)');
  if (b.o !== undefined && (!Number.isSafeInteger(b.o) || b.o < 0)) throw invalid('is not one this API issued');
  if (b.k !== undefined && (!Array.isArray(b.k) || b.k.length !== 2 || typeof b.k[1] !== 'string'))
    throw invalid('is not one this API issued');
  return b as CursorBody;
}
