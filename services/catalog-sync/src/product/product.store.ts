import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { effectivePriceCents } from '@looma-hub/domain';
import { copyInto } from '@looma-hub/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { type CatalogProduct, type CatalogVariant, contentHash, searchCodes, searchKey } from './domain/catalog-product';

/** The feed that publishes `hub.catalog.product-changed.v1` (its position in `catalog.change_feed`). */
export const PRODUCT_CHANGED_FEED = 'product-changed';

/**
 * pg_notify channel that wakes the change feed when a transaction stored product changes; the payload is the tenant
 * (empty: several or any), which tells the search cache whose rankings to drop.
 */
export const PRODUCT_CHANGES_CHANNEL = 'catalog_product_changes';

/** A product row as raw SQL returns it (bigint as text, timestamptz as Date). */
export interface ProductRow {
  id: string;
  tenant_id: string;
  external_id: string;
  sku: string | null;
  ean: string | null;
  name: string;
  description: string | null;
  manufacturer: string | null;
  brand: string | null;
  categories: string[];
  collections: string[];
  price_cents: string;
  promo_price_cents: string | null;
  promo_start: Date | null;
  promo_end: Date | null;
  stock: number;
  active: boolean;
  variants: CatalogVariant[];
  image_url: string | null;
  url: string | null;
  weight_grams: number | null;
  height_cm: number | null;
  width_cm: number | null;
  length_cm: number | null;
  content_hash: string;
  source_updated_at: Date;
  updated_at: Date;
}

export const PRODUCT_COLUMNS = `p.id, p.tenant_id, p.external_id, p.sku, p.ean, p.name, p.description, p.manufacturer, p.brand,
  p.categories, p.collections, p.price_cents, p.promo_price_cents, p.promo_start, p.promo_end, p.stock, p.active, p.variants, p.image_url,
  p.url, p.weight_grams, p.height_cm, p.width_cm, p.length_cm, p.content_hash, p.source_updated_at, p.updated_at`;

export function productFromRow(r: ProductRow): CatalogProduct {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    externalId: r.external_id,
    sku: r.sku,
    ean: r.ean,
    name: r.name,
    description: r.description,
    manufacturer: r.manufacturer,
    brand: r.brand,
    categories: r.categories,
    collections: r.collections,
    priceCents: Number(r.price_cents),
    promoPriceCents: r.promo_price_cents === null ? null : Number(r.promo_price_cents),
    promoStart: r.promo_start,
    promoEnd: r.promo_end,
    stock: r.stock,
    active: r.active,
    variants: r.variants,
    imageUrl: r.image_url,
    url: r.url,
    weightGrams: r.weight_grams,
    heightCm: r.height_cm,
    widthCm: r.width_cm,
    lengthCm: r.length_cm,
    sourceUpdatedAt: r.source_updated_at,
  };
}

const STAGING_COLUMNS = [
  'id',
  'external_id',
  'sku',
  'ean',
  'name',
  'name_key',
  'description',
  'manufacturer',
  'brand',
  'categories',
  'collections',
  'price_cents',
  'promo_price_cents',
  'promo_start',
  'promo_end',
  'effective_price_cents',
  'stock',
  'active',
  'variants',
  'image_url',
  'url',
  'weight_grams',
  'height_cm',
  'width_cm',
  'length_cm',
  'codes',
  'variant_text',
  'content_hash',
  'source_updated_at',
] as const;

const STAGING_DDL = `CREATE TEMP TABLE IF NOT EXISTS product_staging (
  id uuid, external_id text, sku text, ean text, name text, name_key text, description text, manufacturer text, brand text,
  categories text[], collections text[], price_cents bigint, promo_price_cents bigint, promo_start timestamptz, promo_end timestamptz,
  effective_price_cents bigint, stock int,
  active boolean, variants jsonb, image_url text, url text, weight_grams int, height_cm real, width_cm real, length_cm real,
  codes text[], variant_text text, content_hash text, source_updated_at timestamptz
) ON COMMIT DELETE ROWS`;

function stagingValues(p: CatalogProduct, now: Date) {
  return [
    p.id,
    p.externalId,
    p.sku,
    p.ean,
    p.name,
    searchKey(p.name),
    p.description,
    p.manufacturer,
    p.brand,
    p.categories,
    p.collections,
    p.priceCents,
    p.promoPriceCents,
    p.promoStart,
    p.promoEnd,
    effectivePriceCents(p, now),
    p.stock,
    p.active,
    JSON.stringify(p.variants),
    p.imageUrl,
    p.url,
    p.weightGrams,
    p.heightCm,
    p.widthCm,
    p.lengthCm,
    searchCodes(p),
    p.variants.map((v) => v.name).join(' '),
    contentHash(p),
    p.sourceUpdatedAt,
  ] as const;
}

/**
 * The search document: words with weights (name A, brand and manufacturer B, categories C, description and variant
 * names D), Portuguese stemming over unaccented text, and the exact keys (`t:`, `id:`, `sku:`, `ean:`, `c:`, `m:`) as
 * lexemes taken verbatim.
 */
const SEARCH_DOCUMENT = `setweight(to_tsvector('catalog.pt', s.name), 'A')
  || setweight(to_tsvector('catalog.pt', coalesce(s.brand, '') || ' ' || coalesce(s.manufacturer, '')), 'B')
  || setweight(to_tsvector('catalog.pt', array_to_string(s.categories, ' ')), 'C')
  || setweight(to_tsvector('catalog.pt', coalesce(s.description, '') || ' ' || s.variant_text), 'D')
  || array_to_tsvector(s.codes)`;

/** Which fields differ between the stored row `p` and the incoming `EXCLUDED` one (ProductChangedFields names). */
const CHANGED_FIELDS = `array_remove(ARRAY[
  CASE WHEN p.sku IS DISTINCT FROM EXCLUDED.sku THEN 'sku' END,
  CASE WHEN p.ean IS DISTINCT FROM EXCLUDED.ean THEN 'ean' END,
  CASE WHEN p.name IS DISTINCT FROM EXCLUDED.name THEN 'name' END,
  CASE WHEN p.description IS DISTINCT FROM EXCLUDED.description THEN 'description' END,
  CASE WHEN p.manufacturer IS DISTINCT FROM EXCLUDED.manufacturer THEN 'manufacturer' END,
  CASE WHEN p.brand IS DISTINCT FROM EXCLUDED.brand THEN 'brand' END,
  CASE WHEN p.categories IS DISTINCT FROM EXCLUDED.categories THEN 'categories' END,
  CASE WHEN p.collections IS DISTINCT FROM EXCLUDED.collections THEN 'collections' END,
  CASE WHEN p.price_cents IS DISTINCT FROM EXCLUDED.price_cents THEN 'price' END,
  CASE WHEN (p.promo_price_cents, p.promo_start, p.promo_end) IS DISTINCT FROM
            (EXCLUDED.promo_price_cents, EXCLUDED.promo_start, EXCLUDED.promo_end) THEN 'promotion' END,
  CASE WHEN p.stock IS DISTINCT FROM EXCLUDED.stock THEN 'stock' END,
  CASE WHEN p.active IS DISTINCT FROM EXCLUDED.active THEN 'active' END,
  CASE WHEN p.variants IS DISTINCT FROM EXCLUDED.variants THEN 'variants' END,
  CASE WHEN (p.image_url, p.url) IS DISTINCT FROM (EXCLUDED.image_url, EXCLUDED.url) THEN 'media' END,
  CASE WHEN (p.weight_grams, p.height_cm, p.width_cm, p.length_cm) IS DISTINCT FROM
            (EXCLUDED.weight_grams, EXCLUDED.height_cm, EXCLUDED.width_cm, EXCLUDED.length_cm) THEN 'dimensions' END
], NULL)`;

/**
 * A change stored before the feed published the previous one of the same product will reach Kafka with it, as one
 * event: its fields are merged into the pending ones (and a pending `created` stays `created`), so no event ever
 * under-reports what changed.
 */
export function pendingMerge(fields: string, kind: string): { fields: string; kind: string } {
  const unpublished = `((p.change_xid, p.change_seq) > (SELECT f.last_xid, f.last_seq FROM "catalog"."change_feed" f WHERE f.name = '${PRODUCT_CHANGED_FEED}') IS TRUE)`;
  return {
    fields: `CASE WHEN ${unpublished} THEN ARRAY(SELECT DISTINCT unnest(p.changed_fields || ${fields}) ORDER BY 1) ELSE ${fields} END`,
    kind: `CASE WHEN ${unpublished} AND p.change_kind = 'created' THEN 'created' ELSE ${kind} END`,
  };
}

const UPDATE_MERGE = pendingMerge(
  CHANGED_FIELDS,
  `CASE WHEN p.active AND NOT EXCLUDED.active THEN 'deactivated' WHEN NOT p.active AND EXCLUDED.active THEN 'reactivated' ELSE 'updated' END`,
);

const MERGE_SQL = `WITH written AS (
  INSERT INTO "catalog"."product" AS p (
    id, tenant_id, external_id, sku, ean, name, name_key, description, manufacturer, brand, categories, collections, price_cents,
    promo_price_cents, promo_start, promo_end, effective_price_cents, stock, active, variants, image_url, url, weight_grams,
    height_cm, width_cm, length_cm, search, content_hash, source_updated_at, change_kind, changed_fields, change_seq, change_xid)
  SELECT s.id, $1, s.external_id, s.sku, s.ean, s.name, s.name_key, s.description, s.manufacturer, s.brand, s.categories,
         s.collections, s.price_cents, s.promo_price_cents, s.promo_start, s.promo_end, s.effective_price_cents, s.stock, s.active, s.variants,
         s.image_url, s.url,
         s.weight_grams, s.height_cm, s.width_cm, s.length_cm, ${SEARCH_DOCUMENT}, s.content_hash, s.source_updated_at,
         'created', '{}', nextval('"catalog"."product_change_seq"'), pg_current_xact_id()::text::bigint
    FROM pg_temp.product_staging s
    LEFT JOIN "catalog"."product" cur ON cur.id = s.id
   -- Only new or really changed products go further: the search document is computed for those alone.
   WHERE cur.id IS NULL OR (cur.content_hash <> s.content_hash AND cur.source_updated_at <= s.source_updated_at)
   -- One lock order for every writer: two batches sharing products wait for each other instead of deadlocking.
   ORDER BY s.id
  ON CONFLICT (id) DO UPDATE SET
    sku = EXCLUDED.sku, ean = EXCLUDED.ean, name = EXCLUDED.name, name_key = EXCLUDED.name_key,
    description = EXCLUDED.description, manufacturer = EXCLUDED.manufacturer, brand = EXCLUDED.brand,
    categories = EXCLUDED.categories, collections = EXCLUDED.collections, price_cents = EXCLUDED.price_cents, promo_price_cents = EXCLUDED.promo_price_cents,
    promo_start = EXCLUDED.promo_start, promo_end = EXCLUDED.promo_end, effective_price_cents = EXCLUDED.effective_price_cents,
    stock = EXCLUDED.stock, active = EXCLUDED.active,
    variants = EXCLUDED.variants, image_url = EXCLUDED.image_url, url = EXCLUDED.url, weight_grams = EXCLUDED.weight_grams,
    height_cm = EXCLUDED.height_cm, width_cm = EXCLUDED.width_cm, length_cm = EXCLUDED.length_cm, search = EXCLUDED.search,
    content_hash = EXCLUDED.content_hash, source_updated_at = EXCLUDED.source_updated_at,
    change_kind = ${UPDATE_MERGE.kind}, changed_fields = ${UPDATE_MERGE.fields},
    change_seq = EXCLUDED.change_seq, change_xid = EXCLUDED.change_xid, updated_at = now()
  -- Checked again on the locked row: another writer may have stored a newer version since the join above.
  WHERE p.content_hash <> EXCLUDED.content_hash AND p.source_updated_at <= EXCLUDED.source_updated_at
  RETURNING 1
) SELECT count(*)::int AS changed FROM written`;

const DEACTIVATION_MERGE = pendingMerge(`ARRAY['active']`, `'deactivated'`);

/**
 * The catalog's writes, in SQL: COPY into a staging table and one INSERT … ON CONFLICT per batch (an ORM cannot say
 * "only where the content hash moved, and tell me which fields did"), and the reads the other stores share.
 */
@Injectable()
export class ProductStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Stores a batch in `m`'s transaction: new products inserted, changed ones (content hash differs, version not
   * older) updated with what changed, the rest left alone. Each written row takes the next place in the change feed,
   * which announces it once the transaction commits. `seenTable`: a full sync's seen-set, given every product of the
   * batch. Returns how many products really changed.
   */
  async upsert(m: EntityManager, tenantId: string, products: CatalogProduct[], opts: { seenTable?: string } = {}): Promise<number> {
    if (!products.length) return 0;
    await m.query(`SET LOCAL client_min_messages = warning`);
    await m.query(STAGING_DDL);
    const now = new Date();
    await copyInto(m, 'pg_temp.product_staging', STAGING_COLUMNS, products, (p) => stagingValues(p, now));
    const [row] = (await m.query(MERGE_SQL, [tenantId])) as { changed: number }[];
    if (opts.seenTable) await m.query(`INSERT INTO "catalog"."${opts.seenTable}" (id) SELECT id FROM pg_temp.product_staging`);
    const changed = row?.changed ?? 0;
    if (changed) await m.query(`SELECT pg_notify($1, $2)`, [PRODUCT_CHANGES_CHANNEL, tenantId]);
    return changed;
  }

  /** A full sync's end: every active product of the tenant it did not see becomes inactive (announced as `deactivated`). */
  async deactivateUnseen(m: EntityManager, tenantId: string, seenTable: string): Promise<number> {
    const [, count] = (await m.query(
      `UPDATE "catalog"."product" p SET active = false, change_kind = ${DEACTIVATION_MERGE.kind},
              changed_fields = ${DEACTIVATION_MERGE.fields}, change_seq = nextval('"catalog"."product_change_seq"'),
              change_xid = pg_current_xact_id()::text::bigint, updated_at = now()
        WHERE p.tenant_id = $1 AND p.active
          AND NOT EXISTS (SELECT 1 FROM "catalog"."${seenTable}" s WHERE s.id = p.id)`,
      [tenantId],
    )) as [unknown, number];
    if (count) await m.query(`SELECT pg_notify($1, $2)`, [PRODUCT_CHANGES_CHANNEL, tenantId]);
    return count;
  }

  /** The products of these retailer ids, locked for the rest of `m`'s transaction (push events edit them). */
  async lockByIds(m: EntityManager, tenantId: string, ids: string[]): Promise<Map<string, CatalogProduct>> {
    if (!ids.length) return new Map();
    const rows = (await m.query(
      `SELECT ${PRODUCT_COLUMNS} FROM "catalog"."product" p WHERE p.id = ANY($1::uuid[]) AND p.tenant_id = $2 FOR UPDATE`,
      [ids, tenantId],
    )) as ProductRow[];
    return new Map(rows.map((r) => [r.external_id, productFromRow(r)]));
  }

  async count(tenantId: string): Promise<{ total: number; active: number }> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE active)::int AS active FROM "catalog"."product" WHERE tenant_id = $1`,
      [tenantId],
    )) as { total: number; active: number }[];
    return { total: row?.total ?? 0, active: row?.active ?? 0 };
  }
}
