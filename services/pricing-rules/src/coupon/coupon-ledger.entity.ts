import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const RedemptionStatuses = ['reserved', 'confirmed', 'released', 'expired'] as const;
export type RedemptionStatus = (typeof RedemptionStatuses)[number];

/**
 * How much of one coupon (a coupon rule) is spoken for: `used` by completed sales, `reserved` by orders in flight.
 * Its row is the lock every change of the coupon's usage takes, so `used + reserved` never passes the limit, in
 * one process or many.
 */
@Entity({ name: 'coupon_counter' })
@Check('coupon_counter_used_check', '"used" >= 0')
@Check('coupon_counter_reserved_check', '"reserved" >= 0')
export class CouponCounterEntity {
  @PrimaryColumn('text')
  tenantId!: string;

  @PrimaryColumn('text')
  ruleId!: string;

  @Column('int', { default: 0 })
  used!: number;

  @Column('int', { default: 0 })
  reserved!: number;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt!: Date;
}

/**
 * One order's use of a coupon: `reserved` when the order is placed, `confirmed` when the sale completes,
 * `released` when it is cancelled or fails (a confirmed use given back), `expired` when never confirmed in time.
 * One row per (tenant, coupon, order), so a retried reservation finds its own. The customer is kept only as a keyed
 * hash of the CPF/CNPJ (personal data: never stored in clear).
 */
@Entity({ name: 'coupon_redemption' })
@Index('coupon_redemption_order_uq', ['tenantId', 'ruleId', 'orderId'], { unique: true })
@Index('coupon_redemption_customer_idx', ['tenantId', 'ruleId', 'customerKey'])
@Index('coupon_redemption_order_idx', ['tenantId', 'orderId'])
// Partial on `reserved` (what the sweeper looks for): the predicate is written in SQL by the migration.
@Index('coupon_redemption_due_idx', { synchronize: false })
@Check('coupon_redemption_status_check', `"status" IN ('reserved', 'confirmed', 'released', 'expired')`)
export class CouponRedemptionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  tenantId!: string;

  @Column('text')
  ruleId!: string;

  /** The code as typed by the customer, normalised (case and accents ignored). */
  @Column('text')
  code!: string;

  @Column('text')
  orderId!: string;

  /** HMAC-SHA256 of the normalised CPF/CNPJ (and the tenant), null for a coupon used without one. */
  @Column('text', { nullable: true })
  customerKey!: string | null;

  @Column('text')
  status!: RedemptionStatus;

  @Column('timestamptz')
  reservedAt!: Date;

  @Column('timestamptz')
  expiresAt!: Date;

  @Column('timestamptz', { nullable: true })
  confirmedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  releasedAt!: Date | null;

  /** Why it was released (the caller's words), or `expired`. */
  @Column('text', { nullable: true })
  reason!: string | null;
}
