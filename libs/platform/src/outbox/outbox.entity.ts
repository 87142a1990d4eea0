import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Transactional outbox: written in the same transaction as the state change it describes, relayed to
 * Kafka afterwards. Each service has this table in its own schema.
 */
@Entity({ name: 'outbox' })
@Index('outbox_pending_idx', ['createdAt'], { where: 'published_at IS NULL AND parked_at IS NULL' })
@Index('outbox_parked_idx', ['parkedAt'], { where: 'parked_at IS NOT NULL' })
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

  /** Set when the broker refused the row for good after its attempts: the rows after it go on; ops re-queue it. */
  @Column('timestamptz', { nullable: true })
  parkedAt!: Date | null;
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

/**
 * DDL for a service's first migration, kept beside the entities it must match. Frozen as the first migrations
 * applied it: `outboxParkingSql` is the step after it (both, in that order, for a new service).
 */
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

/** The second step of the messaging tables: rows the broker refuses for good are parked instead of blocking the rest. */
export function outboxParkingSql(schema: string): string[] {
  return [
    `ALTER TABLE "${schema}"."outbox" ADD "parked_at" timestamptz`,
    `DROP INDEX IF EXISTS "${schema}"."outbox_unpublished_idx"`,
    `CREATE INDEX "outbox_pending_idx" ON "${schema}"."outbox" ("created_at") WHERE published_at IS NULL AND parked_at IS NULL`,
    `CREATE INDEX "outbox_parked_idx" ON "${schema}"."outbox" ("parked_at") WHERE parked_at IS NOT NULL`,
  ];
}

/** A service's migration that applies `outboxParkingSql` to its schema (`OutboxParking1764800000000`). */
export function outboxParkingMigration(schema: string) {
  return class OutboxParking1764800000000 {
    name = 'OutboxParking1764800000000';

    async up(q: { query: (sql: string) => Promise<unknown> }): Promise<void> {
      for (const sql of outboxParkingSql(schema)) await q.query(sql);
    }

    async down(q: { query: (sql: string) => Promise<unknown> }): Promise<void> {
      await q.query(`DROP INDEX IF EXISTS "${schema}"."outbox_parked_idx"`);
      await q.query(`DROP INDEX IF EXISTS "${schema}"."outbox_pending_idx"`);
      await q.query(`ALTER TABLE "${schema}"."outbox" DROP COLUMN "parked_at"`);
      await q.query(`CREATE INDEX "outbox_unpublished_idx" ON "${schema}"."outbox" ("created_at") WHERE published_at IS NULL`);
    }
  };
}
