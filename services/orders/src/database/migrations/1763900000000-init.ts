import { messagingTablesSql } from '@looma-hub/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1763900000000 implements MigrationInterface {
  name = 'Init1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "orders"."order" (
      "id" uuid PRIMARY KEY,
      "tenant_id" text NOT NULL,
      "external_id" text,
      "channel" text NOT NULL,
      "status" text NOT NULL,
      "customer" jsonb NOT NULL,
      "lines" jsonb NOT NULL,
      "total_cents" bigint NOT NULL,
      "payment_method" text,
      "retailer_sale_id" text,
      "workflow_id" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE UNIQUE INDEX "order_tenant_external_idx" ON "orders"."order" ("tenant_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await q.query(`CREATE TABLE "orders"."order_status_history" (
      "id" uuid PRIMARY KEY,
      "tenant_id" text NOT NULL,
      "order_id" uuid NOT NULL,
      "from_status" text,
      "to_status" text NOT NULL,
      "reason" text,
      "at" timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX "order_status_history_order_idx" ON "orders"."order_status_history" ("order_id", "at")`);
    await q.query(`CREATE TABLE "orders"."retailer_connection" (
      "tenant_id" text PRIMARY KEY,
      "base_url" text NOT NULL,
      "token_sealed" text NOT NULL,
      "timeout_ms" int NOT NULL DEFAULT 10000,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    for (const sql of messagingTablesSql('orders')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['processed_message', 'outbox', 'retailer_connection', 'order_status_history', 'order']) {
      await q.query(`DROP TABLE IF EXISTS "orders"."${t}"`);
    }
  }
}
