import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Discount rules per tenant, the tenant's rule-set version and sync watermark, and pricing settings. */
export class PricingRules1765100000000 implements MigrationInterface {
  name = 'PricingRules1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE "pricing"."rule_version_seq"`);
    await q.query(`CREATE TABLE "pricing"."pricing_rule" (
      "tenant_id" text NOT NULL,
      "id" text NOT NULL,
      "source" text NOT NULL,
      "spec" jsonb NOT NULL,
      "enabled" boolean NOT NULL,
      "coupon_code" text,
      "version" bigint NOT NULL,
      "source_updated_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "PK_pricing_rule" PRIMARY KEY ("tenant_id", "id")
    )`);
    await q.query(
      `CREATE UNIQUE INDEX "pricing_rule_coupon_code" ON "pricing"."pricing_rule" ("tenant_id", "coupon_code") WHERE "coupon_code" IS NOT NULL`,
    );
    await q.query(`CREATE TABLE "pricing"."rule_set" (
      "tenant_id" text PRIMARY KEY,
      "version" bigint NOT NULL,
      "sync_watermark" timestamptz,
      "last_sync_at" timestamptz,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE "pricing"."pricing_settings" (
      "tenant_id" text PRIMARY KEY,
      "eligibility_source" text NOT NULL,
      "eligibility_ttl_ms" integer NOT NULL,
      "sync_interval_minutes" integer,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "pricing"."pricing_settings"`);
    await q.query(`DROP TABLE "pricing"."rule_set"`);
    await q.query(`DROP TABLE "pricing"."pricing_rule"`);
    await q.query(`DROP SEQUENCE "pricing"."rule_version_seq"`);
  }
}
