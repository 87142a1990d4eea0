import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The retailer's collections (coleções: "Verão 2027", "Volta às aulas") of each product, so pricing rules can target
 * one. Existing rows start with none; the next sync that brings a product's collections stores them as a change.
 */
export class ProductCollections1765000000000 implements MigrationInterface {
  name = 'ProductCollections1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "catalog"."product" ADD COLUMN "collections" text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "catalog"."product" DROP COLUMN "collections"`);
  }
}
