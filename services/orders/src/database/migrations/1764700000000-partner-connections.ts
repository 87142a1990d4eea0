import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One owner for the tenants' partner connections: `partner_connection` (kind, settings, sealed secrets, revision)
 * replaces `retailer_connection`, whose rows move over (catalog-sync drops its own copy in its migration). Revisions are
 * drawn from one sequence, so a connection removed and stored again never repeats a revision a reader may hold.
 */
export class PartnerConnections1764700000000 implements MigrationInterface {
  name = 'PartnerConnections1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "orders"."partner_connection" (
      "tenant_id" text NOT NULL,
      "kind" text NOT NULL,
      "settings" jsonb NOT NULL,
      "secrets_sealed" jsonb NOT NULL,
      "revision" int NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("tenant_id", "kind")
    )`);
    // Revisions come from one sequence: they only grow, and are never reused, even after a removal.
    await q.query(`CREATE SEQUENCE "orders"."partner_connection_revision_seq" AS int`);
    await q.query(`INSERT INTO "orders"."partner_connection" (tenant_id, kind, settings, secrets_sealed, revision, created_at, updated_at)
      SELECT tenant_id, 'retailer', jsonb_build_object('baseUrl', base_url, 'timeoutMs', timeout_ms),
             jsonb_build_object('token', token_sealed), nextval('"orders"."partner_connection_revision_seq"'), updated_at, updated_at
        FROM "orders"."retailer_connection"`);
    await q.query(`DROP TABLE "orders"."retailer_connection"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "orders"."retailer_connection" (
      "tenant_id" text PRIMARY KEY,
      "base_url" text NOT NULL,
      "token_sealed" text NOT NULL,
      "timeout_ms" int NOT NULL DEFAULT 10000,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO "orders"."retailer_connection" (tenant_id, base_url, token_sealed, timeout_ms, updated_at)
      SELECT tenant_id, settings->>'baseUrl', secrets_sealed->>'token', (settings->>'timeoutMs')::int, updated_at
        FROM "orders"."partner_connection" WHERE kind = 'retailer'`);
    await q.query(`DROP TABLE "orders"."partner_connection"`);
    await q.query(`DROP SEQUENCE "orders"."partner_connection_revision_seq"`);
  }
}
