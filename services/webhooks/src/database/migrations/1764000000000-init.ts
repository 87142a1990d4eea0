import { messagingTablesSql } from '@looma-hub/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1764000000000 implements MigrationInterface {
  name = 'Init1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "webhooks"."endpoint" (
      "id" uuid PRIMARY KEY,
      "tenant_id" text NOT NULL,
      "url" text NOT NULL,
      "description" text,
      "secret_sealed" text NOT NULL,
      "custom_headers" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "event_types" text[],
      "enabled" boolean NOT NULL DEFAULT true,
      "consecutive_failures" int NOT NULL DEFAULT 0,
      "consecutive_dead" int NOT NULL DEFAULT 0,
      "failing_since" timestamptz,
      "disabled_at" timestamptz,
      "disabled_reason" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "endpoint_tenant_idx" ON "webhooks"."endpoint" ("tenant_id", "created_at")`);

    await q.query(`CREATE TABLE "webhooks"."delivery" (
      "id" uuid PRIMARY KEY,
      "tenant_id" text NOT NULL,
      "endpoint_id" uuid NOT NULL,
      "event_id" text NOT NULL,
      "event_type" text NOT NULL,
      "subject" text,
      "event_time" timestamptz NOT NULL,
      "payload" jsonb NOT NULL,
      "status" text NOT NULL,
      "cycle" int NOT NULL DEFAULT 1,
      "attempts" int NOT NULL DEFAULT 0,
      "next_attempt_at" timestamptz,
      "claim_token" uuid,
      "last_status_code" int,
      "last_error" text,
      "delivered_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX "delivery_endpoint_event_uq" ON "webhooks"."delivery" ("endpoint_id", "event_id")`);
    // The dispatcher's claim query: due deliveries in order of due time.
    await q.query(`CREATE INDEX "delivery_due_idx" ON "webhooks"."delivery" ("next_attempt_at") WHERE status IN ('pending', 'failed')`);
    await q.query(`CREATE INDEX "delivery_tenant_created_idx" ON "webhooks"."delivery" ("tenant_id", "created_at")`);

    await q.query(`CREATE TABLE "webhooks"."delivery_attempt" (
      "id" uuid PRIMARY KEY,
      "delivery_id" uuid NOT NULL,
      "tenant_id" text NOT NULL,
      "cycle" int NOT NULL,
      "attempt" int NOT NULL,
      "attempted_at" timestamptz NOT NULL,
      "status_code" int,
      "error" text,
      "duration_ms" int NOT NULL
    )`);
    await q.query(`CREATE INDEX "delivery_attempt_delivery_idx" ON "webhooks"."delivery_attempt" ("delivery_id", "attempted_at")`);

    await q.query(`CREATE TABLE "webhooks"."inbound_source" (
      "tenant_id" text NOT NULL,
      "source" text NOT NULL,
      "secret_sealed" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("tenant_id", "source")
    )`);
    await q.query(`CREATE TABLE "webhooks"."inbound_event" (
      "id" uuid PRIMARY KEY,
      "tenant_id" text NOT NULL,
      "source" text NOT NULL,
      "external_id" text NOT NULL,
      "sent_at" timestamptz NOT NULL,
      "received_at" timestamptz NOT NULL,
      "payload" jsonb NOT NULL
    )`);
    await q.query(
      `CREATE UNIQUE INDEX "inbound_event_source_external_uq" ON "webhooks"."inbound_event" ("tenant_id", "source", "external_id")`,
    );
    for (const sql of messagingTablesSql('webhooks')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['processed_message', 'outbox', 'inbound_event', 'inbound_source', 'delivery_attempt', 'delivery', 'endpoint']) {
      await q.query(`DROP TABLE IF EXISTS "webhooks"."${t}"`);
    }
  }
}
