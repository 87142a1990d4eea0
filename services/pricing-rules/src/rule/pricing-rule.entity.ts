import type { PricingRuleSpec } from '@looma-hub/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A tenant's discount rule. The rule itself is `spec` (the contract's PricingRuleInput, validated before it is
 * stored); the columns beside it are what the store looks rules up by. `version` comes from one sequence, so a
 * rule's versions and the tenant's rule-set version only grow.
 */
@Entity({ name: 'pricing_rule' })
@Index('pricing_rule_coupon_code', ['tenantId', 'couponCode'], { unique: true, where: '"coupon_code" IS NOT NULL' })
export class PricingRuleEntity {
  @PrimaryColumn('text')
  tenantId!: string;

  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  source!: 'retailer' | 'admin';

  @Column('jsonb')
  spec!: PricingRuleSpec;

  @Column('boolean')
  enabled!: boolean;

  /** The normalised coupon code (one rule per code and tenant). */
  @Column('text', { nullable: true })
  couponCode!: string | null;

  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  version!: number;

  /** The retailer's `updatedAt` of the version stored: an older or equal version changes nothing. */
  @Column('timestamptz', { nullable: true })
  sourceUpdatedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** A tenant's rule-set version: bumped in the transaction of every rule change; quotes compare it with their cache. */
@Entity({ name: 'rule_set' })
export class RuleSetEntity {
  @PrimaryColumn('text')
  tenantId!: string;

  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  version!: number;

  /** The retailer's newest `updatedAt` seen by the REST pull: the next incremental sync asks from here. */
  @Column('timestamptz', { nullable: true })
  syncWatermark!: Date | null;

  @Column('timestamptz', { nullable: true })
  lastSyncAt!: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** Per-tenant pricing settings: where customer eligibility is asked, and how long an answer is reused. */
@Entity({ name: 'pricing_settings' })
export class PricingSettingsEntity {
  @PrimaryColumn('text')
  tenantId!: string;

  @Column('text')
  eligibilitySource!: 'retailer' | 'none';

  @Column('int')
  eligibilityTtlMs!: number;

  @Column('int', { nullable: true })
  syncIntervalMinutes!: number | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
