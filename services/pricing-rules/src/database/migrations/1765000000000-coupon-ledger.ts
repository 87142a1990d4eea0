import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The coupon usage ledger: a counter per coupon (the row its changes lock) and one redemption per order. */
export class CouponLedger1765000000000 implements MigrationInterface {
  name = 'CouponLedger1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "pricing"."coupon_counter" (
      "tenant_id" text NOT NULL,
      "rule_id" text NOT NULL,
      "used" int NOT NULL DEFAULT 0,
      "reserved" int NOT NULL DEFAULT 0,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "coupon_counter_used_check" CHECK ("used" >= 0),
      CONSTRAINT "coupon_counter_reserved_check" CHECK ("reserved" >= 0),
      PRIMARY KEY ("tenant_id", "rule_id")
    )`);

    await q.query(`CREATE TABLE "pricing"."coupon_redemption" (
      "id" uuid PRIMARY KEY,
      "tenant_id" text NOT NULL,
      "rule_id" text NOT NULL,
      "code" text NOT NULL,
      "order_id" text NOT NULL,
      "customer_key" text,
      "status" text NOT NULL,
      "reserved_at" timestamptz NOT NULL,
      "expires_at" timestamptz NOT NULL,
      "confirmed_at" timestamptz,
      "released_at" timestamptz,
      "reason" text,
      CONSTRAINT "coupon_redemption_status_check" CHECK ("status" IN ('reserved', 'confirmed', 'released', 'expired'))
    )`);
    await q.query(`CREATE UNIQUE INDEX "coupon_redemption_order_uq" ON "pricing"."coupon_redemption" ("tenant_id", "rule_id", "order_id")`);
    await q.query(
      `CREATE INDEX "coupon_redemption_customer_idx" ON "pricing"."coupon_redemption" ("tenant_id", "rule_id", "customer_key")`,
    );
    await q.query(`CREATE INDEX "coupon_redemption_order_idx" ON "pricing"."coupon_redemption" ("tenant_id", "order_id")`);
    await q.query(`CREATE INDEX "coupon_redemption_due_idx" ON "pricing"."coupon_redemption" ("expires_at") WHERE "status" = 'reserved'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS "pricing"."coupon_redemption"');
    await q.query('DROP TABLE IF EXISTS "pricing"."coupon_counter"');
  }
}
