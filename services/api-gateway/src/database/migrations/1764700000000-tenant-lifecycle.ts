import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A tenant's lifecycle: provisioning → active → deleting (then gone), so creation and deletion leave nothing behind. */
export class TenantLifecycle1764700000000 implements MigrationInterface {
  name = 'TenantLifecycle1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "gateway"."tenant" ADD "status" text NOT NULL DEFAULT 'active'`);
    await q.query(`ALTER TABLE "gateway"."tenant" ADD "deleting_since" timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "gateway"."tenant" DROP COLUMN "deleting_since"`);
    await q.query(`ALTER TABLE "gateway"."tenant" DROP COLUMN "status"`);
  }
}
