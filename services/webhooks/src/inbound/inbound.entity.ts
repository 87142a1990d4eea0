import type { HmacSourceSettings } from '@looma-hub/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type InboundScheme = 'standard-webhooks' | 'hmac';

/**
 * A partner allowed to post webhooks for a tenant: how it signs (`scheme`, and for `hmac` the header, algorithm,
 * encoding… in `options`) and the sealed secret it signs with.
 */
@Entity({ name: 'inbound_source' })
export class InboundSourceEntity {
  @PrimaryColumn('text')
  tenantId!: string;

  @PrimaryColumn('text')
  source!: string;

  @Column('text')
  secretSealed!: string;

  @Column('text', { default: 'standard-webhooks' })
  scheme!: InboundScheme;

  /** The `hmac` scheme's settings (empty for Standard Webhooks). An object default is what the drift check compares. */
  @Column('jsonb', { default: {} })
  options!: Partial<HmacSourceSettings>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** Every accepted inbound webhook, unique by its id per tenant and source. */
@Entity({ name: 'inbound_event' })
@Index('inbound_event_source_external_uq', ['tenantId', 'source', 'externalId'], { unique: true })
export class InboundEventEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  tenantId!: string;

  @Column('text')
  source!: string;

  /** The dedupe id: `webhook-id`, the source's id header, or `sha256:<hex>` of the body. */
  @Column('text')
  externalId!: string;

  /** The signed timestamp; null for a scheme without one. */
  @Column('timestamptz', { nullable: true })
  sentAt!: Date | null;

  @Column('timestamptz')
  receivedAt!: Date;

  @Column('jsonb')
  payload!: unknown;

  /** The outbox event (CloudEvent id) it was published as; null for events accepted before this column existed. */
  @Column('uuid', { nullable: true })
  eventId!: string | null;
}
