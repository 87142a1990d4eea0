import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalog as issue 6 needs it: products with EAN, brand, categories and variants, a Portuguese full-text search
 * document, a change feed (the product table itself, in commit order), quarantine, stock reservations, typo
 * vocabulary and full-sync bookkeeping.
 *
 * Products are the retailer's data held here, and their id is now derived from the retailer's (UUID v5): the old
 * rows are dropped and every tenant's watermark cleared, so the next sync of each tenant reads its catalog in full.
 */
export class CatalogV21764900000000 implements MigrationInterface {
  name = 'CatalogV21764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('looma:create-extension'))`);
    // Portuguese stemming over unaccented words: "Cafés" and "cafe" meet at "caf". Schema-qualified, so the same
    // under any search_path.
    await q.query(`CREATE TEXT SEARCH CONFIGURATION "catalog"."pt" (COPY = pg_catalog.portuguese)`);
    await q.query(
      `ALTER TEXT SEARCH CONFIGURATION "catalog"."pt" ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, pg_catalog.portuguese_stem`,
    );

    await q.query(`DROP TABLE "catalog"."product"`);
    await q.query(`UPDATE "catalog"."sync_state" SET watermark = NULL, last_full_sync_at = NULL`);
    await q.query(`CREATE SEQUENCE "catalog"."product_change_seq"`);
    await q.query(`CREATE TABLE "catalog"."product" (
      "id" uuid PRIMARY KEY,
      "tenant_id" text NOT NULL,
      "external_id" text NOT NULL,
      "sku" text,
      "ean" text,
      "name" text NOT NULL,
      "name_key" text COLLATE "C" NOT NULL,
      "description" text,
      "manufacturer" text,
      "brand" text,
      "categories" text[] NOT NULL,
      "price_cents" bigint NOT NULL,
      "promo_price_cents" bigint,
      "promo_start" timestamptz,
      "promo_end" timestamptz,
      "effective_price_cents" bigint NOT NULL,
      "stock" int NOT NULL,
      "active" boolean NOT NULL,
      "variants" jsonb NOT NULL,
      "image_url" text,
      "url" text,
      "weight_grams" int,
      "height_cm" real,
      "width_cm" real,
      "length_cm" real,
      "search" tsvector NOT NULL,
      "content_hash" text NOT NULL,
      "source_updated_at" timestamptz NOT NULL,
      "change_kind" text NOT NULL,
      "changed_fields" text[] NOT NULL,
      "change_seq" bigint NOT NULL,
      "change_xid" bigint NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    // Words (weighted name > brand/manufacturer > category > description) and exact keys (t:, id:, sku:, ean:, c:,
    // m:) in one document, so one GIN index answers text, lookups and filters together.
    await q.query(`CREATE INDEX "product_search_idx" ON "catalog"."product" USING gin ("search")`);
    // Browsing by name, and the prefix tier of ranking (byte order: LIKE 'abc%' is a range of this index).
    await q.query(`CREATE INDEX "product_tenant_name_idx" ON "catalog"."product" ("tenant_id", "name_key", "id")`);
    // The change feed: rows in the order their transactions became visible (see ProductChangeFeed).
    await q.query(`CREATE INDEX "product_change_feed_idx" ON "catalog"."product" ("change_xid", "change_seq")`);
    // The promotion clock: products whose promotion starts or ends now.
    await q.query(`CREATE INDEX "product_promo_start_idx" ON "catalog"."product" ("promo_start") WHERE promo_price_cents IS NOT NULL`);
    await q.query(`CREATE INDEX "product_promo_end_idx" ON "catalog"."product" ("promo_end") WHERE promo_price_cents IS NOT NULL`);

    await q.query(`CREATE TABLE "catalog"."change_feed" (
      "name" text PRIMARY KEY,
      "last_xid" bigint NOT NULL DEFAULT 0,
      "last_seq" bigint NOT NULL DEFAULT 0,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE "catalog"."promotion_clock" (
      "id" int PRIMARY KEY,
      "last_tick" timestamptz NOT NULL
    )`);

    await q.query(`CREATE TABLE "catalog"."quarantined_item" (
      "tenant_id" text NOT NULL,
      "item_key" text NOT NULL,
      "reason" text NOT NULL,
      "external_id" text,
      "field" text,
      "message" text NOT NULL,
      "excerpt" text NOT NULL,
      "bytes" int NOT NULL,
      "source" text NOT NULL,
      "source_ref" text,
      "sync_id" uuid,
      "occurrences" int NOT NULL DEFAULT 1,
      "first_seen_at" timestamptz NOT NULL DEFAULT now(),
      "last_seen_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("tenant_id", "item_key", "reason")
    )`);
    await q.query(`CREATE INDEX "quarantined_item_product_idx" ON "catalog"."quarantined_item" ("tenant_id", "external_id")`);

    await q.query(`CREATE TABLE "catalog"."stock_reservation" (
      "tenant_id" text NOT NULL,
      "order_id" text NOT NULL,
      "line_id" text NOT NULL,
      "product_id" uuid NOT NULL,
      "external_id" text NOT NULL,
      "variant_id" text,
      "quantity" int NOT NULL CHECK ("quantity" > 0),
      "status" text NOT NULL,
      "expires_at" timestamptz NOT NULL,
      "confirmed_at" timestamptz,
      "released_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("tenant_id", "order_id", "line_id")
    )`);
    await q.query(
      `CREATE INDEX "stock_reservation_holding_idx" ON "catalog"."stock_reservation" ("product_id") WHERE status IN ('reserved', 'confirmed')`,
    );

    await q.query(`CREATE TABLE "catalog"."search_term" (
      "tenant_id" text NOT NULL,
      "term" text NOT NULL,
      PRIMARY KEY ("tenant_id", "term")
    )`);
    await q.query(`CREATE INDEX "search_term_trgm_idx" ON "catalog"."search_term" USING gin ("term" public.gin_trgm_ops)`);

    // A sync in progress: where its current chunk started and how far it got, written with each stored page (a
    // retried chunk resumes from here, counts exact), and a full sync's seen-set.
    await q.query(`CREATE TABLE "catalog"."sync_run" (
      "sync_id" uuid PRIMARY KEY,
      "tenant_id" text NOT NULL,
      "mode" text NOT NULL,
      "chunk_cursor" text,
      "cursor" text,
      "chunk_pages" int NOT NULL DEFAULT 0,
      "chunk_seen" int NOT NULL DEFAULT 0,
      "chunk_changed" int NOT NULL DEFAULT 0,
      "chunk_rejected" int NOT NULL DEFAULT 0,
      "chunk_max_updated_at" timestamptz,
      "chunk_done" boolean NOT NULL DEFAULT false,
      "seen_table" text,
      "seen" bigint NOT NULL DEFAULT 0,
      "started_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "sync_run_tenant_idx" ON "catalog"."sync_run" ("tenant_id")`);

    await q.query(`ALTER TABLE "catalog"."sync_state" ADD "interval_minutes" int`);
    await q.query(`ALTER TABLE "catalog"."sync_state" ADD "health" text NOT NULL DEFAULT 'ok'`);
    await q.query(`ALTER TABLE "catalog"."sync_state" ADD "degraded_since" timestamptz`);
    await q.query(`ALTER TABLE "catalog"."sync_state" ADD "last_error" text`);
    await q.query(`ALTER TABLE "catalog"."sync_state" ADD "last_error_at" timestamptz`);
    await q.query(`ALTER TABLE "catalog"."sync_state" ADD "last_sync" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['last_sync', 'last_error_at', 'last_error', 'degraded_since', 'health', 'interval_minutes']) {
      await q.query(`ALTER TABLE "catalog"."sync_state" DROP COLUMN "${c}"`);
    }
    for (const t of ['sync_run', 'search_term', 'stock_reservation', 'quarantined_item', 'promotion_clock', 'change_feed', 'product']) {
      await q.query(`DROP TABLE IF EXISTS "catalog"."${t}"`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS "catalog"."product_change_seq"`);
    await q.query(`DROP TEXT SEARCH CONFIGURATION IF EXISTS "catalog"."pt"`);
    await q.query(`CREATE TABLE "catalog"."product" (
      "id" uuid PRIMARY KEY,
      "tenant_id" text NOT NULL,
      "external_id" text NOT NULL,
      "sku" text,
      "barcode" text,
      "name" text NOT NULL,
      "description" text,
      "manufacturer" text,
      "category" text,
      "price_cents" bigint NOT NULL,
      "promo_price_cents" bigint,
      "promo_start" timestamptz,
      "promo_end" timestamptz,
      "stock" int NOT NULL,
      "active" boolean NOT NULL,
      "content_hash" text NOT NULL,
      "source_updated_at" timestamptz NOT NULL,
      "synced_at" timestamptz NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX "product_tenant_external_idx" ON "catalog"."product" ("tenant_id", "external_id")`);
    await q.query(`CREATE INDEX "product_tenant_sku_idx" ON "catalog"."product" ("tenant_id", "sku")`);
    await q.query(`CREATE INDEX "product_tenant_barcode_idx" ON "catalog"."product" ("tenant_id", "barcode")`);
    await q.query(
      `CREATE INDEX "product_name_trgm_idx" ON "catalog"."product" USING gin ("catalog"."f_unaccent"(lower("name")) public.gin_trgm_ops)`,
    );
  }
}
