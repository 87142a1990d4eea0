import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inbound sources get a verification scheme (Standard Webhooks, or the partner's own HMAC header scheme with its
 * settings); inbound events remember the outbox event they were published as (a retry of a webhook whose publish
 * failed publishes that same event), and may have no sent time (an HMAC scheme without a timestamp).
 */
export class InboundSchemes1765100000000 implements MigrationInterface {
  name = 'InboundSchemes1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "webhooks"."inbound_source"
      ADD COLUMN "scheme" text NOT NULL DEFAULT 'standard-webhooks',
      ADD COLUMN "options" jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await q.query(`ALTER TABLE "webhooks"."inbound_event"
      ADD COLUMN "event_id" uuid,
      ALTER COLUMN "sent_at" DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE "webhooks"."inbound_event" SET sent_at = received_at WHERE sent_at IS NULL`);
    await q.query(`ALTER TABLE "webhooks"."inbound_event" DROP COLUMN IF EXISTS "event_id", ALTER COLUMN "sent_at" SET NOT NULL`);
    // Without a scheme column an HMAC source would be read as a Standard Webhooks one: it goes.
    await q.query(`DELETE FROM "webhooks"."inbound_source" WHERE scheme <> 'standard-webhooks'`);
    await q.query(`ALTER TABLE "webhooks"."inbound_source" DROP COLUMN IF EXISTS "scheme", DROP COLUMN IF EXISTS "options"`);
  }
}
