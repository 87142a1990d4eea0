import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The products' pricing facts, kept from catalog-sync's product-changed events (see ProductPriceEntity). */
export class ProductPrice1765200000000 implements MigrationInterface {
  name = 'ProductPrice1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "pricing"."product_price" (
      "tenant_id" text NOT NULL,
      "product_id" uuid NOT NULL,
      "external_id" text NOT NULL,
      "sku" text,
      "ean" text,
      "name" text NOT NULL,
      "manufacturer" text,
      "brand" text,
      "categories" text[] NOT NULL,
      "collections" text[] NOT NULL,
      "price_cents" bigint NOT NULL,
      "promo_price_cents" bigint,
      "promo_start" timestamptz,
      "promo_end" timestamptz,
      "active" boolean NOT NULL,
      "variants" jsonb NOT NULL,
      "sequence" bigint NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "PK_product_price" PRIMARY KEY ("tenant_id", "product_id")
    )`);
    await q.query(`CREATE INDEX "product_price_external_id" ON "pricing"."product_price" ("tenant_id", "external_id")`);
    // SKUs compared without case, as the catalog's lookup does; EANs exactly.
    await q.query(`CREATE INDEX "product_price_sku" ON "pricing"."product_price" ("tenant_id", lower("sku")) WHERE "sku" IS NOT NULL`);
    await q.query(`CREATE INDEX "product_price_ean" ON "pricing"."product_price" ("tenant_id", "ean") WHERE "ean" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "pricing"."product_price"`);
  }
}
