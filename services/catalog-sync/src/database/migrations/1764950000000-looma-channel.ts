import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The Looma channel of a tenant: the workspaces its product changes are offered to, in Looma's message shape. */
export class LoomaChannel1764950000000 implements MigrationInterface {
  name = 'LoomaChannel1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "catalog"."looma_channel" (
      "tenant_id" text PRIMARY KEY,
      "workspace_ids" uuid[] NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "catalog"."looma_channel"`);
  }
}
