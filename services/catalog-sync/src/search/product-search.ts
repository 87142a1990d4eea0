import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProductSearchQuery, ProductSearchResult, ProductView, VariantView } from '@looma-hub/contracts';
import { effectivePriceCents, promotionInForce, toSaoPauloIso, variantPricing } from '@looma-hub/domain';
import { DataSource } from 'typeorm';
import { searchDuration } from '../catalog.metrics';
import { type CatalogProduct, productIdOf, searchKey } from '../product/domain/catalog-product';
import { PRODUCT_COLUMNS, productFromRow, type ProductRow } from '../product/product.store';
import { available, type Held, NOTHING_HELD } from '../reservation/domain/availability';
import { HOLDING, StockReservations } from '../reservation/stock-reservations.service';
import {
  codeQuery,
  decodeCursor,
  effectiveSort,
  encodeCursor,
  exactQuery,
  fingerprint,
  lexeme,
  queryWords,
  wordsQuery,
} from './search-query';
import { type RankedPage, SearchCache } from './search-cache';
import { TypoCorrector } from './typo-corrector';

/**
 * How many matches of a text search are ranked. PostgreSQL cannot take the best k of a full-text match from its
 * index, so ranking every match of a broad word ("preto": a tenth of a million-product catalog) would cost hundreds
 * of milliseconds; the first matches the index yields are ranked instead, together with every product whose name
 * starts with the query (the prefix tier, from the name index), and exact code matches always lead.
 */
export const RANKED_CANDIDATES = 1_500;
const PREFIX_CANDIDATES = 200;

export type LookupKind = 'any' | 'id' | 'sku' | 'ean' | 'reference';

interface Row extends ProductRow {
  sort_key?: string | number;
}

/** Product search and lookup over the tenant's catalog (GIN over the search document, see ProductStore). */
@Injectable()
export class ProductSearch {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reservations: StockReservations,
    private readonly typos: TypoCorrector,
    private readonly cache: SearchCache,
  ) {}

  async search(tenantId: string, q: ProductSearchQuery, now = new Date()): Promise<ProductSearchResult> {
    const sort = effectiveSort(q);
    const fp = fingerprint(tenantId, q);
    const cursor = q.cursor ? decodeCursor(q.cursor, fp) : null;
    const words = queryWords(q.q);
    const stop = searchDuration.startTimer({ kind: words.length ? 'text' : 'browse' });
    const params: unknown[] = [tenantId];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const filters = [`p.tenant_id = $1`, `p.active = ${param(q.active ?? true)}`];
    const exact = exactQuery(q);
    if (exact) filters.push(`p.search @@ ${param(exact)}::tsquery`);
    if (q.priceMin !== undefined) filters.push(`p.effective_price_cents >= ${param(q.priceMin)}`);
    if (q.priceMax !== undefined) filters.push(`p.effective_price_cents <= ${param(q.priceMax)}`);
    if (q.inStock !== undefined) {
      const held = `COALESCE((SELECT sum(r.quantity) FROM "catalog"."stock_reservation" r
                                WHERE r.product_id = p.id AND r.status IN ('reserved', 'confirmed') AND ${HOLDING}), 0)`;
      filters.push(q.inStock ? `p.stock > ${held}` : `p.stock <= ${held}`);
    }
    const size = q.size;
    let rows: Row[];
    // A text search's ranking is reused until the tenant's catalog changes (see SearchCache); one that filters on
    // stock is not, as reservations move it without a product change.
    const cacheKey = words.length && q.inStock === undefined ? `${fp}|${cursor ? JSON.stringify(cursor) : (q.from ?? 0)}|${size}` : null;
    const cached = cacheKey ? this.cache.get(tenantId, cacheKey) : undefined;
    if (cached) {
      rows = await this.rowsByIds(tenantId, cached);
    } else if (words.length) {
      const corrections = await this.typos.correct(tenantId, words);
      const text = `to_tsquery('catalog.pt', ${param(wordsQuery(words, corrections))})`;
      const codes = codeQuery(q.q ?? '');
      const codesParam = codes ? param(codes) : null;
      const match = codesParam ? `(${text} || ${codesParam}::tsquery)` : text;
      const qkey = searchKey(q.q ?? '').replace(/\s+/g, ' ');
      const key = param(qkey);
      const prefixTier =
        qkey.length >= 2
          ? `UNION (SELECT p.id FROM "catalog"."product" p WHERE p.tenant_id = $1 AND p.name_key >= ${key}
                      AND p.name_key < ${param(nextPrefix(qkey))} ORDER BY p.name_key LIMIT ${PREFIX_CANDIDATES})`
          : '';
      const order =
        sort === 'relevance'
          ? `code_hit DESC, exact DESC, prefix DESC, rank DESC, p.name_key, p.id`
          : `${sortColumn(sort)} ${sort.startsWith('-') ? 'DESC' : 'ASC'}, p.id ${sort.startsWith('-') ? 'DESC' : 'ASC'}`;
      const offset = cursor?.o ?? q.from ?? 0;
      const keyset = sort !== 'relevance' && cursor?.k ? `AND ${keysetAfter(sort, param(cursor.k[0]), param(cursor.k[1]))}` : '';
      // Ranked on the narrow columns first; only the page's rows are then read whole.
      rows = (await this.dataSource.query(
        `WITH m AS (SELECT ${match} AS q),
              cand AS ((SELECT p.id FROM "catalog"."product" p, m WHERE p.tenant_id = $1 AND p.search @@ m.q LIMIT ${RANKED_CANDIDATES})
                       ${prefixTier}),
              ranked AS (
                SELECT p.id, ${sortColumn(sort === 'relevance' ? 'name' : sort)} AS sort_key,
                       row_number() OVER (ORDER BY ${order}) AS pos
                  FROM (SELECT p.*, ${codesParam ? `p.search @@ ${codesParam}::tsquery` : 'false'} AS code_hit,
                               p.name_key = ${key} AS exact, left(p.name_key, length(${key})) = ${key} AS prefix,
                               ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', p.search, m.q) AS rank
                          FROM cand JOIN "catalog"."product" p ON p.id = cand.id, m
                         WHERE ${filters.join(' AND ')} ${keyset}) p
                 ORDER BY pos
                OFFSET ${sort === 'relevance' || !cursor ? offset : 0} LIMIT ${size + 1})
         SELECT ${PRODUCT_COLUMNS}, r.sort_key FROM ranked r JOIN "catalog"."product" p ON p.id = r.id ORDER BY r.pos`,
        params,
      )) as Row[];
    } else {
      const desc = sort.startsWith('-');
      const keyset = cursor?.k ? `AND ${keysetAfter(sort, param(cursor.k[0]), param(cursor.k[1]))}` : '';
      rows = (await this.dataSource.query(
        `SELECT ${PRODUCT_COLUMNS}, ${sortColumn(sort)} AS sort_key FROM "catalog"."product" p
          WHERE ${filters.join(' AND ')} ${keyset}
          ORDER BY ${sortColumn(sort)} ${desc ? 'DESC' : 'ASC'}, p.id ${desc ? 'DESC' : 'ASC'}
          OFFSET ${cursor ? 0 : (q.from ?? 0)} LIMIT ${size + 1}`,
        params,
      )) as Row[];
    }
    if (cacheKey && !cached)
      this.cache.set(tenantId, cacheKey, { ids: rows.map((r) => r.id), sortKeys: rows.map((r) => keyValue(r.sort_key)) });
    stop();
    const page = rows.slice(0, size);
    const last = page[page.length - 1];
    let nextCursor: string | null = null;
    if (rows.length > size && last) {
      nextCursor =
        words.length && sort === 'relevance'
          ? encodeCursor({ f: fp, o: (cursor?.o ?? q.from ?? 0) + size })
          : encodeCursor({ f: fp, k: [keyValue(last.sort_key), last.id] });
    }
    return { items: await this.views(tenantId, page, now), nextCursor };
  }

  /** The rows of a cached ranking, in its order, read now (a product gone since is left out). */
  private async rowsByIds(tenantId: string, ranked: RankedPage): Promise<Row[]> {
    if (!ranked.ids.length) return [];
    const rows = (await this.dataSource.query(
      `SELECT ${PRODUCT_COLUMNS}, u.pos FROM unnest($2::uuid[]) WITH ORDINALITY AS u(id, pos)
         JOIN "catalog"."product" p ON p.id = u.id AND p.tenant_id = $1 ORDER BY u.pos`,
      [tenantId, ranked.ids],
    )) as (Row & { pos: string })[];
    return rows.map(({ pos, ...r }) => ({ ...r, sort_key: ranked.sortKeys[Number(pos) - 1] ?? r.name }));
  }

  /**
   * One product by a code: the hub's id, the retailer's id, a SKU or an EAN (of the product or of one of its
   * variants). `reference` is the retailer's id or SKU (OmniChat's REFERENCE). null when nothing matches.
   */
  async lookup(tenantId: string, code: string, kind: LookupKind = 'any', now = new Date()): Promise<ProductView | null> {
    const stop = searchDuration.startTimer({ kind: 'lookup' });
    const c = code.trim();
    if (!c) return null;
    const alternatives: string[] = [];
    if (kind === 'any' || kind === 'id' || kind === 'reference') alternatives.push(lexeme(`id:${c}`));
    if (kind === 'any' || kind === 'sku' || kind === 'reference') alternatives.push(lexeme(`sku:${searchKey(c)}`));
    if (kind === 'any' || kind === 'ean') alternatives.push(lexeme(`ean:${c}`));
    const hubId = (kind === 'any' || kind === 'id') && UUID.test(c) ? c.toLowerCase() : null;
    const rows = (await this.dataSource.query(
      `SELECT ${PRODUCT_COLUMNS} FROM "catalog"."product" p
        WHERE p.tenant_id = $1 AND (p.id = $2::uuid OR p.id = $3::uuid OR p.search @@ $4::tsquery)
        ORDER BY (p.id = $2::uuid OR p.id = $3::uuid) IS TRUE DESC, p.active DESC, p.name_key, p.id LIMIT 1`,
      [tenantId, hubId, productIdOf(tenantId, c), `(${alternatives.join(' | ')})`],
    )) as ProductRow[];
    stop();
    const [view] = await this.views(tenantId, rows, now);
    return view ?? null;
  }

  /** Rows as the API serves them: the price in force at `now`, and stock net of what orders in flight hold. */
  async views(tenantId: string, rows: ProductRow[], now: Date): Promise<ProductView[]> {
    if (!rows.length) return [];
    const held = await this.reservations.held(
      tenantId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => toView(productFromRow(r), r.updated_at, held.get(r.external_id) ?? NOTHING_HELD, now));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sortColumn(sort: string): string {
  switch (sort.replace(/^-/, '')) {
    case 'price':
      return 'p.effective_price_cents';
    case 'updatedAt':
      return 'p.updated_at';
    default:
      return 'p.name_key';
  }
}

/** `(sort key, id)` strictly after the cursor's, in the sort's direction. */
function keysetAfter(sort: string, key: string, id: string): string {
  const column = sortColumn(sort);
  const cast = column === 'p.updated_at' ? '::timestamptz' : column === 'p.effective_price_cents' ? '::bigint' : '::text';
  return `(${column}, p.id) ${sort.startsWith('-') ? '<' : '>'} (${key}${cast}, ${id}::uuid)`;
}

function keyValue(v: unknown): string | number {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number') return v;
  return String(v);
}

/** The first string after every string that starts with `prefix` (in byte order). */
function nextPrefix(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

export function toView(p: CatalogProduct, updatedAt: Date, held: Held, now: Date): ProductView {
  const variants: VariantView[] = p.variants.map((v) => {
    const pricing = variantPricing(p, v);
    return {
      id: v.id,
      sku: v.sku,
      ean: v.ean,
      name: v.name,
      color: v.color,
      size: v.size,
      priceCents: pricing.priceCents,
      promoPriceCents: pricing.promoPriceCents,
      effectivePriceCents: effectivePriceCents(pricing, now),
      stock: v.stock,
      available: available(v.stock, held.byVariant.get(v.id) ?? 0),
      active: v.active && p.active,
    };
  });
  return {
    id: p.id,
    tenantId: p.tenantId,
    externalId: p.externalId,
    sku: p.sku,
    ean: p.ean,
    name: p.name,
    description: p.description,
    manufacturer: p.manufacturer,
    brand: p.brand,
    categories: p.categories,
    collections: p.collections,
    priceCents: p.priceCents,
    promoPriceCents: p.promoPriceCents,
    promoStart: p.promoStart ? toSaoPauloIso(p.promoStart) : null,
    promoEnd: p.promoEnd ? toSaoPauloIso(p.promoEnd) : null,
    promoActive: promotionInForce(p, now),
    effectivePriceCents: effectivePriceCents(p, now),
    stock: p.stock,
    reserved: held.total,
    available: available(p.stock, held.total),
    active: p.active,
    variants,
    imageUrl: p.imageUrl,
    url: p.url,
    weightGrams: p.weightGrams,
    heightCm: p.heightCm,
    widthCm: p.widthCm,
    lengthCm: p.lengthCm,
    sourceUpdatedAt: toSaoPauloIso(p.sourceUpdatedAt),
    updatedAt: toSaoPauloIso(updatedAt),
  };
}
