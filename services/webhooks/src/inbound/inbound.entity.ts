import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A partner allowed to post webhooks for a tenant, with the (sealed) Standard Webhooks secret it signs with. */
@Entity({ name: 'inbound_source' })
export class InboundSourceEntity {
  @PrimaryColumn('text')
  tenantId!: string;

  @PrimaryColumn('text')
  source!: string;

  @Column('text')
  secretSealed!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** Every accepted inbound webhook, unique by the sender's `webhook-id` per tenant and source. */
@Entity({ name: 'inbound_event' })
@Index('inbound_event_source_external_uq', ['tenantId', 'source', 'externalId'], { unique: true })
export class InboundEventEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  tenantId!: string;

  @Column('text')
  source!: string;

  /** The sender's `webhook-id`. */
  @Column('text')
  externalId!: string;

  @Column('timestamptz')
  sentAt!: Date;

  @Column('timestamptz')
  receivedAt!: Date;

  @Column('jsonb')
  payload!: unknown;
}
