import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProductSearchResult, ProductView } from '@looma-hub/contracts';
import { toSaoPauloIso } from '@looma-hub/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { type CatalogProduct, contentHash, effectivePriceCents } from './domain/product';

/** A product row as raw SQL returns it (bigint as text, timestamptz as Date). */
interface ProductRow {
  id: string;
  tenant_id: string;
  external_id: string;
  sku: string | null;
  barcode: string | null;
  name: string;
  description: string | null;
  manufacturer: string | null;
  category: string | null;
  price_cents: string;
  promo_price_cents: string | null;
  promo_start: Date | null;
  promo_end: Date | null;
  stock: number;
  active: boolean;
  content_hash: string;
  source_updated_at: Date;
  updated_at: Date;
}

export interface StoredProduct extends CatalogProduct {
  id: string;
  tenantId: string;
  contentHash: string;
  updatedAt: Date;
}

export interface ChangedProduct extends StoredProduct {
  change: 'created' | 'updated';
}

export interface ProductSearchQuery {
  q?: string;
  from: number;
  size: number;
  includeInactive: boolean;
}

const COLUMNS = `p.id, p.tenant_id, p.external_id, p.sku, p.barcode, p.name, p.description, p.manufacturer, p.category,
  p.price_cents, p.promo_price_cents, p.promo_start, p.promo_end, p.stock, p.active, p.content_hash,
  p.source_updated_at, p.updated_at`;

/** The normalized name the trigram index is built on; the same expression must be used to hit it. */
const NAME_KEY = `catalog.f_unaccent(lower(p.name))`;

/**
 * Catalog reads and the sync's batch upsert, in SQL: the upsert needs ON CONFLICT … WHERE … RETURNING, and the
 * search needs pg_trgm operators, neither of which an ORM expresses.
 */
@Injectable()
export class ProductStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts new products and updates those whose content hash changed, in one statement. A product whose stored
   * version is newer at the retailer than the one given is left alone (a slow full sync must not undo a newer
   * incremental one). Returns only the rows really written.
   */
  async upsertBatch(manager: EntityManager, tenantId: string, products: CatalogProduct[]): Promise<ChangedProduct[]> {
    if (!products.length) return [];
    const col = <T>(pick: (p: CatalogProduct) => T): T[] => products.map(pick);
    const rows = (await manager.query(
      `INSERT INTO "catalog"."product" AS p (
         id, tenant_id, external_id, sku, barcode, name, description, manufacturer, category, price_cents,
         promo_price_cents, promo_start, promo_end, stock, active, content_hash, source_updated_at, synced_at)
       SELECT gen_random_uuid(), $1, u.external_id, u.sku, u.barcode, u.name, u.description, u.manufacturer, u.category,
              u.price_cents, u.promo_price_cents, u.promo_start, u.promo_end, u.stock, u.active, u.content_hash,
              u.source_updated_at, now()
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[],
                     $10::bigint[], $11::timestamptz[], $12::timestamptz[], $13::int[], $14::boolean[], $15::text[],
                     $16::timestamptz[])
           AS u(external_id, sku, barcode, name, description, manufacturer, category, price_cents, promo_price_cents,
                promo_start, promo_end, stock, active, content_hash, source_updated_at)
       ON CONFLICT (tenant_id, external_id) DO UPDATE SET
         sku = EXCLUDED.sku, barcode = EXCLUDED.barcode, name = EXCLUDED.name, description = EXCLUDED.description,
         manufacturer = EXCLUDED.manufacturer, category = EXCLUDED.category, price_cents = EXCLUDED.price_cents,
         promo_price_cents = EXCLUDED.promo_price_cents, promo_start = EXCLUDED.promo_start,
         promo_end = EXCLUDED.promo_end, stock = EXCLUDED.stock, active = EXCLUDED.active,
         content_hash = EXCLUDED.content_hash, source_updated_at = EXCLUDED.source_updated_at,
         synced_at = EXCLUDED.synced_at, updated_at = now()
       WHERE p.content_hash IS DISTINCT FROM EXCLUDED.content_hash
         AND p.source_updated_at <= EXCLUDED.source_updated_at
       RETURNING ${COLUMNS}, (p.xmax = 0) AS inserted`,
      [
        tenantId,
        col((p) => p.externalId),
        col((p) => p.sku),
        col((p) => p.barcode),
        col((p) => p.name),
        col((p) => p.description),
        col((p) => p.manufacturer),
        col((p) => p.category),
        col((p) => p.priceCents),
        col((p) => p.promoPriceCents),
        col((p) => p.promoStart),
        col((p) => p.promoEnd),
        col((p) => p.stock),
        col((p) => p.active),
        col((p) => contentHash(p)),
        col((p) => p.sourceUpdatedAt),
      ],
    )) as (ProductRow & { inserted: boolean })[];
    return rows.map((r) => ({ ...fromRow(r), change: r.inserted ? 'created' : 'updated' }));
  }

  /**
   * Accent- and case-insensitive name search plus exact sku/barcode/external id matches, ranked: exact id
   * matches first, then by how well the query matches a word run of the name (word similarity), then by
   * overall similarity. An empty query lists the catalog by name.
   */
  async search(tenantId: string, query: ProductSearchQuery, now = new Date()): Promise<ProductSearchResult> {
    const q = query.q?.trim() ?? '';
    const params: unknown[] = [tenantId, query.includeInactive];
    let match = '';
    let rank = 'p.name, p.id';
    if (q) {
      params.push(q);
      const term = `catalog.f_unaccent(lower($3))`;
      const exact = `(p.external_id = $3 OR p.sku = $3 OR p.barcode = $3)`;
      // LIKE catches substrings of any length; <% (word similarity above pg_trgm's threshold) forgives typos.
      match = `AND (${exact}
        OR ${NAME_KEY} LIKE '%' || replace(replace(replace(${term}, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
        OR ${term} <% ${NAME_KEY})`;
      // IS TRUE: a null sku/barcode is "no match", not NULL (NULL sorts first in DESC order). Only in the ranking:
      // in WHERE the plain ORs let the planner combine the btree and trigram indexes (BitmapOr).
      rank = `(${exact} IS TRUE) DESC, word_similarity(${term}, ${NAME_KEY}) DESC, similarity(${term}, ${NAME_KEY}) DESC, p.name, p.id`;
    }
    const where = `WHERE p.tenant_id = $1 AND ($2::boolean OR p.active) ${match}`;
    const [countRow] = (await this.dataSource.query(`SELECT count(*)::int AS total FROM "catalog"."product" p ${where}`, params)) as {
      total: number;
    }[];
    const total = countRow?.total ?? 0;
    const rows =
      total > query.from
        ? ((await this.dataSource.query(
            `SELECT ${COLUMNS} FROM "catalog"."product" p ${where} ORDER BY ${rank} OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
            [...params, query.from, query.size],
          )) as ProductRow[])
        : [];
    return { items: rows.map((r) => toView(fromRow(r), now)), total, from: query.from, size: query.size };
  }

  /** By the hub's id or the retailer's id (the external id wins when both could match). */
  async find(tenantId: string, idOrExternalId: string, now = new Date()): Promise<ProductView | null> {
    const uuid = UUID.test(idOrExternalId) ? idOrExternalId : null;
    const [row] = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM "catalog"."product" p
        WHERE p.tenant_id = $1 AND (p.external_id = $2 OR p.id = $3::uuid)
        ORDER BY (p.external_id = $2) DESC LIMIT 1`,
      [tenantId, idOrExternalId, uuid],
    )) as ProductRow[];
    return row ? toView(fromRow(row), now) : null;
  }

  /** Tenant deletion: every product and the sync state of the tenant. Idempotent. */
  async purgeTenant(tenantId: string): Promise<{ products: number }> {
    return this.dataSource.transaction(async (m) => {
      const [, products] = (await m.query(`DELETE FROM "catalog"."product" WHERE tenant_id = $1`, [tenantId])) as [unknown, number];
      await m.query(`DELETE FROM "catalog"."sync_state" WHERE tenant_id = $1`, [tenantId]);
      return { products };
    });
  }

  async count(tenantId: string): Promise<{ total: number; active: number }> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE active)::int AS active FROM "catalog"."product" WHERE tenant_id = $1`,
      [tenantId],
    )) as { total: number; active: number }[];
    return { total: row?.total ?? 0, active: row?.active ?? 0 };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fromRow(r: ProductRow): StoredProduct {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    externalId: r.external_id,
    sku: r.sku,
    barcode: r.barcode,
    name: r.name,
    description: r.description,
    manufacturer: r.manufacturer,
    category: r.category,
    priceCents: Number(r.price_cents),
    promoPriceCents: r.promo_price_cents === null ? null : Number(r.promo_price_cents),
    promoStart: r.promo_start,
    promoEnd: r.promo_end,
    stock: r.stock,
    active: r.active,
    contentHash: r.content_hash,
    sourceUpdatedAt: r.source_updated_at,
    updatedAt: r.updated_at,
  };
}

export function toView(p: StoredProduct, now: Date): ProductView {
  return {
    id: p.id,
    tenantId: p.tenantId,
    externalId: p.externalId,
    sku: p.sku,
    barcode: p.barcode,
    name: p.name,
    description: p.description,
    manufacturer: p.manufacturer,
    category: p.category,
    priceCents: p.priceCents,
    promoPriceCents: p.promoPriceCents,
    promoStart: p.promoStart ? toSaoPauloIso(p.promoStart) : null,
    promoEnd: p.promoEnd ? toSaoPauloIso(p.promoEnd) : null,
    effectivePriceCents: effectivePriceCents(p, now),
    stock: p.stock,
    active: p.active,
    updatedAt: toSaoPauloIso(p.updatedAt),
  };
}
