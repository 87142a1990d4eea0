import { messagingTablesSql } from '@looma-hub/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The loyalty schema starts with the messaging tables; its domain tables arrive with their features. */
export class Init1763900000000 implements MigrationInterface {
  name = 'Init1763900000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesSql('loyalty')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS "loyalty"."processed_message"');
    await q.query('DROP TABLE IF EXISTS "loyalty"."outbox"');
  }
}
