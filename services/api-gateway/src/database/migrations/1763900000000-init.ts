import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1763900000000 implements MigrationInterface {
  name = 'Init1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "gateway"."tenant" (
      "id" text PRIMARY KEY,
      "name" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "disabled_at" timestamptz
    )`);
    await q.query(`CREATE TABLE "gateway"."api_key" (
      "id" uuid PRIMARY KEY,
      "tenant_id" text NOT NULL REFERENCES "gateway"."tenant"("id"),
      "prefix" text NOT NULL,
      "hash" text NOT NULL,
      "name" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "last_used_at" timestamptz,
      "revoked_at" timestamptz
    )`);
    await q.query(`CREATE UNIQUE INDEX "api_key_prefix_idx" ON "gateway"."api_key" ("prefix")`);
    await q.query(`CREATE TABLE "gateway"."idempotency_record" (
      "tenant_id" text NOT NULL,
      "key" text NOT NULL,
      "request_hash" text NOT NULL,
      "method" text NOT NULL,
      "path" text NOT NULL,
      "state" text NOT NULL,
      "response_status" int,
      "response_body" jsonb,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "completed_at" timestamptz,
      PRIMARY KEY ("tenant_id", "key")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "gateway"."idempotency_record"`);
    await q.query(`DROP TABLE IF EXISTS "gateway"."api_key"`);
    await q.query(`DROP TABLE IF EXISTS "gateway"."tenant"`);
  }
}
