import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Endpoint formats and secret rotation, per-tenant development mode, ordered deliveries per (endpoint, aggregate)
 * and the first bytes of every answer in the attempt log.
 */
export class DeliveryFormatsOrdering1765000000000 implements MigrationInterface {
  name = 'DeliveryFormatsOrdering1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "webhooks"."endpoint"
      ADD COLUMN "format" text NOT NULL DEFAULT 'standard',
      ADD COLUMN "options" jsonb NOT NULL DEFAULT '{}'::jsonb,
      ADD COLUMN "previous_secret_sealed" text,
      ADD COLUMN "previous_secret_expires_at" timestamptz,
      ADD COLUMN "last_success_at" timestamptz,
      ADD COLUMN "paused_until" timestamptz`);
    // Delivery order: a delivery waits for the earlier undone ones of the same endpoint and subject (aggregate).
    await q.query(`ALTER TABLE "webhooks"."delivery" ADD COLUMN "seq" bigint GENERATED ALWAYS AS IDENTITY`);
    await q.query(
      `CREATE INDEX "delivery_open_subject_idx" ON "webhooks"."delivery" ("endpoint_id", "subject", "seq") WHERE status IN ('pending', 'failed')`,
    );
    // The dispatcher's claim: per endpoint, its due deliveries in due order (so one endpoint's backlog is never scanned
    // for another's work).
    await q.query(
      `CREATE INDEX "delivery_endpoint_due_idx" ON "webhooks"."delivery" ("endpoint_id", "next_attempt_at") WHERE status IN ('pending', 'failed')`,
    );
    await q.query(`CREATE INDEX "delivery_tenant_status_idx" ON "webhooks"."delivery" ("tenant_id", "status", "updated_at")`);
    await q.query(`ALTER TABLE "webhooks"."delivery_attempt" ADD COLUMN "response_excerpt" text`);
    await q.query(`CREATE TABLE "webhooks"."tenant_setting" (
      "tenant_id" text PRIMARY KEY,
      "development_mode" boolean NOT NULL DEFAULT false,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "webhooks"."tenant_setting"`);
    await q.query(`ALTER TABLE "webhooks"."delivery_attempt" DROP COLUMN IF EXISTS "response_excerpt"`);
    await q.query(`DROP INDEX IF EXISTS "webhooks"."delivery_tenant_status_idx"`);
    await q.query(`DROP INDEX IF EXISTS "webhooks"."delivery_open_subject_idx"`);
    await q.query(`DROP INDEX IF EXISTS "webhooks"."delivery_endpoint_due_idx"`);
    await q.query(`ALTER TABLE "webhooks"."delivery" DROP COLUMN IF EXISTS "seq"`);
    await q.query(`ALTER TABLE "webhooks"."endpoint"
      DROP COLUMN IF EXISTS "format", DROP COLUMN IF EXISTS "options", DROP COLUMN IF EXISTS "previous_secret_sealed",
      DROP COLUMN IF EXISTS "previous_secret_expires_at", DROP COLUMN IF EXISTS "last_success_at", DROP COLUMN IF EXISTS "paused_until"`);
  }
}
