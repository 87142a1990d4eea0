import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Transactional outbox: written in the same transaction as the state change it describes, relayed to
 * Kafka afterwards. Each service has this table in its own schema.
 */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished_idx', ['createdAt'], { where: 'published_at IS NULL' })
export class OutboxMessage {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  tenantId!: string;

  @Column('text')
  topic!: string;

  @Column('text')
  messageKey!: string;

  @Column('jsonb')
  payload!: Record<string, unknown>;

  // An object default (not a SQL function) is what TypeORM's drift check compares jsonb defaults against.
  @Column('jsonb', { default: {} })
  headers!: Record<string, string>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  publishedAt!: Date | null;

  @Column('int', { default: 0 })
  attempts!: number;

  @Column('text', { nullable: true })
  lastError!: string | null;
}

/** Processed-message table of the idempotent consumer: one row per (consumer group, event id). */
@Entity({ name: 'processed_message' })
export class ProcessedMessage {
  @PrimaryColumn('text')
  consumerGroup!: string;

  @PrimaryColumn('text')
  messageId!: string;

  @Column('text')
  topic!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  processedAt!: Date;
}

/** DDL for a service's first migration, kept beside the entities it must match. */
export function messagingTablesSql(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}"."outbox" (
      "id" uuid PRIMARY KEY,
      "tenant_id" text NOT NULL,
      "topic" text NOT NULL,
      "message_key" text NOT NULL,
      "payload" jsonb NOT NULL,
      "headers" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "published_at" timestamptz,
      "attempts" int NOT NULL DEFAULT 0,
      "last_error" text
    )`,
    `CREATE INDEX "outbox_unpublished_idx" ON "${schema}"."outbox" ("created_at") WHERE published_at IS NULL`,
    `CREATE TABLE "${schema}"."processed_message" (
      "consumer_group" text NOT NULL,
      "message_id" text NOT NULL,
      "topic" text NOT NULL,
      "processed_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("consumer_group", "message_id")
    )`,
  ];
}
