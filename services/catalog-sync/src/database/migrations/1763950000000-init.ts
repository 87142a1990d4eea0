import { messagingTablesSql } from '@looma-hub/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1763950000000 implements MigrationInterface {
  name = 'Init1763950000000';

  async up(q: QueryRunner): Promise<void> {
    // Extensions are database-wide: installed once in `public` so every schema can use them. The lock keeps
    // two services migrating at the same moment from racing on CREATE EXTENSION.
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('looma:create-extension'))`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    // unaccent() is only STABLE (its dictionary could change), so it cannot be used in an index. This wrapper
    // pins the dictionary and is declared IMMUTABLE; everything is schema-qualified so it behaves the same
    // under any search_path (index builds, autovacuum).
    await q.query(`CREATE OR REPLACE FUNCTION "catalog"."f_unaccent"(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`);

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
    // The upsert's conflict target, and the lookup by the retailer's id.
    await q.query(`CREATE UNIQUE INDEX "product_tenant_external_idx" ON "catalog"."product" ("tenant_id", "external_id")`);
    await q.query(`CREATE INDEX "product_tenant_sku_idx" ON "catalog"."product" ("tenant_id", "sku")`);
    await q.query(`CREATE INDEX "product_tenant_barcode_idx" ON "catalog"."product" ("tenant_id", "barcode")`);
    // Accent- and case-insensitive name search (LIKE '%…%', %, <%, similarity ranking).
    await q.query(
      `CREATE INDEX "product_name_trgm_idx" ON "catalog"."product" USING gin ("catalog"."f_unaccent"(lower("name")) public.gin_trgm_ops)`,
    );

    await q.query(`CREATE TABLE "catalog"."sync_state" (
      "tenant_id" text PRIMARY KEY,
      "watermark" timestamptz,
      "last_full_sync_at" timestamptz,
      "last_run_at" timestamptz
    )`);

    await q.query(`CREATE TABLE "catalog"."retailer_connection" (
      "tenant_id" text PRIMARY KEY,
      "base_url" text NOT NULL,
      "token_sealed" text NOT NULL,
      "timeout_ms" int NOT NULL DEFAULT 10000,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    for (const sql of messagingTablesSql('catalog')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['processed_message', 'outbox', 'retailer_connection', 'sync_state', 'product']) {
      await q.query(`DROP TABLE IF EXISTS "catalog"."${t}"`);
    }
    await q.query(`DROP FUNCTION IF EXISTS "catalog"."f_unaccent"(text)`);
    // The extensions stay: other schemas may use them.
  }
}
