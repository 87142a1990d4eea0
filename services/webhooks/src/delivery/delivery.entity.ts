import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const DeliveryStatus = {
  /** Waiting for its first attempt (or re-queued by a replay). */
  Pending: 'pending',
  /** Delivered: the endpoint answered 2xx. */
  Delivered: 'delivered',
  /** The last attempt failed; another one is scheduled at `next_attempt_at`. */
  Failed: 'failed',
  /** Every attempt of the schedule failed; only a replay sends it again. */
  Dead: 'dead',
} as const;
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];

/**
 * One event for one endpoint. UNIQUE(endpoint_id, event_id): a redelivered Kafka event never creates a
 * second delivery. `claim_token` marks the dispatcher that holds it; `next_attempt_at` doubles as its lease.
 */
@Entity({ name: 'delivery' })
@Index('delivery_endpoint_event_uq', ['endpointId', 'eventId'], { unique: true })
@Index('delivery_due_idx', ['nextAttemptAt'], { where: "status IN ('pending', 'failed')" })
@Index('delivery_tenant_created_idx', ['tenantId', 'createdAt'])
@Index('delivery_tenant_status_idx', ['tenantId', 'status', 'updatedAt'])
@Index('delivery_endpoint_due_idx', ['endpointId', 'nextAttemptAt'], { where: "status IN ('pending', 'failed')" })
@Index('delivery_open_subject_idx', ['endpointId', 'subject', 'seq'], { where: "status IN ('pending', 'failed')" })
export class DeliveryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Queue order: a delivery waits for the earlier undone ones of its endpoint and subject. */
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS', insert: false, update: false })
  seq!: string;

  @Column('text')
  tenantId!: string;

  @Column('uuid')
  endpointId!: string;

  /** The CloudEvent id of the source event. */
  @Column('text')
  eventId!: string;

  @Column('text')
  eventType!: string;

  /** The aggregate the event is about (the order id). */
  @Column('text', { nullable: true })
  subject!: string | null;

  @Column('timestamptz')
  eventTime!: Date;

  /** The body's `data`: the event data plus tenantId and eventId. */
  @Column('jsonb')
  payload!: Record<string, unknown>;

  @Column('text')
  status!: DeliveryStatus;

  /** 1 at creation, +1 per replay: attempts are numbered within a cycle. */
  @Column('int', { default: 1 })
  cycle!: number;

  /** Attempts made in the current cycle. */
  @Column('int', { default: 0 })
  attempts!: number;

  @Column('timestamptz', { nullable: true })
  nextAttemptAt!: Date | null;

  @Column('uuid', { nullable: true })
  claimToken!: string | null;

  @Column('int', { nullable: true })
  lastStatusCode!: number | null;

  @Column('text', { nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { nullable: true })
  deliveredAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** Every HTTP attempt of a delivery, kept for the delivery log. */
@Entity({ name: 'delivery_attempt' })
@Index('delivery_attempt_delivery_idx', ['deliveryId', 'attemptedAt'])
export class DeliveryAttemptEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  deliveryId!: string;

  @Column('text')
  tenantId!: string;

  @Column('int')
  cycle!: number;

  @Column('int')
  attempt!: number;

  @Column('timestamptz')
  attemptedAt!: Date;

  @Column('int', { nullable: true })
  statusCode!: number | null;

  @Column('text', { nullable: true })
  error!: string | null;

  @Column('int')
  durationMs!: number;

  /** The first bytes of the answer (any status), whitespace folded. */
  @Column('text', { nullable: true })
  responseExcerpt!: string | null;
}
