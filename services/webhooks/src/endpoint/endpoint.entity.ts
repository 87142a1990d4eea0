import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A tenant's webhook endpoint. The signing secret and every custom header value are sealed (AES-GCM) at
 * rest: chat platforms put their auth tokens in those headers.
 */
@Entity({ name: 'endpoint' })
@Index('endpoint_tenant_idx', ['tenantId', 'createdAt'])
export class EndpointEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  tenantId!: string;

  @Column('text')
  url!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('text')
  secretSealed!: string;

  /** During a rotation: the secret being retired, still signing beside the new one until `previousSecretExpiresAt`. */
  @Column('text', { nullable: true })
  previousSecretSealed!: string | null;

  @Column('timestamptz', { nullable: true })
  previousSecretExpiresAt!: Date | null;

  /** Body shape: `standard` (Standard Webhooks `{type, timestamp, data}`), `looma`, `omnichat` or `cloudevents`. */
  @Column('text', { default: 'standard' })
  format!: string;

  /** Per-format options (e.g. Looma's `workspaceId`, OmniChat's `responsible`). */
  @Column('jsonb', { default: {} })
  options!: Record<string, unknown>;

  @Column('timestamptz', { nullable: true })
  lastSuccessAt!: Date | null;

  /** The endpoint asked us to wait (429/503 with `Retry-After`): nothing is sent to it before this time. */
  @Column('timestamptz', { nullable: true })
  pausedUntil!: Date | null;

  /** Header name → sealed value; at most five. */
  @Column('jsonb', { default: {} })
  customHeaders!: Record<string, string>;

  /** Event types (or `order.*` / `*` patterns) to deliver; null = all. */
  @Column('text', { array: true, nullable: true })
  eventTypes!: string[] | null;

  @Column('boolean', { default: true })
  enabled!: boolean;

  /** Failed attempts since the last 2xx. */
  @Column('int', { default: 0 })
  consecutiveFailures!: number;

  /** Deliveries that went `dead` since the last 2xx (disable policy). */
  @Column('int', { default: 0 })
  consecutiveDead!: number;

  /** First failed attempt since the last 2xx (disable policy). */
  @Column('timestamptz', { nullable: true })
  failingSince!: Date | null;

  @Column('timestamptz', { nullable: true })
  disabledAt!: Date | null;

  @Column('text', { nullable: true })
  disabledReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
