import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The retailer connection has one owner now (orders, `partner_connection`); catalog-sync reads it from there. */
export class DropRetailerConnection1764700000000 implements MigrationInterface {
  name = 'DropRetailerConnection1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "catalog"."retailer_connection"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "catalog"."retailer_connection" (
      "tenant_id" text PRIMARY KEY,
      "base_url" text NOT NULL,
      "token_sealed" text NOT NULL,
      "timeout_ms" int NOT NULL DEFAULT 10000,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
  }
}
