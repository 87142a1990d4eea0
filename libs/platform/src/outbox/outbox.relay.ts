import { Logger } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { PollWakeLoop } from '../database/poll-wake-loop';
import { outboxParked, outboxPublished, registerParkedSource } from '../metrics/metrics';
import { outboxChannel } from './outbox.service';

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: unknown;
  headers: Record<string, string>;
  attempts: number;
}

interface DrainOutcome {
  sent: number;
  parked: OutboxRow[];
  /** Why this pass stopped early: the broker went away, or a refused row has attempts left. */
  stalled?: unknown;
}

const keyOf = (row: OutboxRow) => `${row.topic}\u0000${row.message_key}`;

export interface OutboxRelayOptions {
  schema: string;
  databaseUrl: string;
  batchSize?: number;
  pollIntervalMs?: number;
  /** Attempts before a row the broker refuses for good is parked (the rows after it then go on). */
  maxAttempts?: number;
}

/** The relay stopped behind a refused row that still has attempts left (its own error is on the row). */
class OutboxRowRefused extends Error {
  constructor() {
    super('an outbox row was refused by the broker; it is retried before the rows after it');
  }
}

/** A row the broker will never take as it is (too large, malformed), as opposed to a broker that is down. */
export function isPermanentPublishError(err: unknown): boolean {
  for (let e = err as { name?: string; retriable?: boolean; type?: string; cause?: unknown } | undefined, i = 0; e && i < 5; i++) {
    if (e.name === 'KafkaJSProtocolError' && e.retriable === false) return true;
    if (['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE'].includes(e.type ?? '')) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/**
 * Relays outbox rows to Kafka: woken by NOTIFY on commit, polling as a fallback. One relay per schema works at a
 * time (advisory lock), in `created_at` order, and marks a row published only after Kafka acknowledged it
 * (acks=all), so a crash can only cause a re-send, which consumers absorb by event id.
 *
 * A broker that is down stops the relay (it retries with backoff, the oldest row records the error). A row the
 * broker refuses for good is tried on its own `maxAttempts` times and then parked (`parked_at`, `last_error`,
 * metric `outbox_messages_parked_total`), so the rows after it go on — except those of its key (the same order,
 * say), which are parked behind it so that no consumer sees them out of order; `OutboxParking.requeue` puts them
 * back, in order.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly loop: PollWakeLoop;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: Producer,
    private readonly opts: OutboxRelayOptions,
  ) {
    registerParkedSource(opts.schema, dataSource);
    this.loop = new PollWakeLoop({
      name: `outbox-relay-${opts.schema}`,
      databaseUrl: opts.databaseUrl,
      channel: outboxChannel(opts.schema),
      pollIntervalMs: opts.pollIntervalMs ?? 1_000,
      pass: async () => {
        await this.drain();
        return 'idle';
      },
      // A refused row recorded its own error; a broker that is down is recorded on the oldest row.
      onPassError: async (err) => {
        if (!(err instanceof OutboxRowRefused)) await this.recordFailure(err);
      },
    });
  }

  private get running(): boolean {
    return this.loop.isRunning;
  }

  async start(): Promise<void> {
    await this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Publishes everything pending now; returns how many messages went out. Throws when the broker cannot be reached. */
  async drain(): Promise<number> {
    const batch = this.opts.batchSize ?? 200;
    let total = 0;
    for (;;) {
      const outcome = await this.dataSource.transaction(async (m): Promise<DrainOutcome> => {
        // One relay at a time per schema (replicas wait their turn): concurrent relays could publish two events
        // of the same order out of order.
        const [lock] = (await m.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok', [`outbox-relay:${this.opts.schema}`])) as {
          ok: boolean;
        }[];
        if (!lock?.ok) return { sent: 0, parked: [] };
        const rows = (await m.query(
          `SELECT id, topic, message_key, payload, headers, attempts FROM "${this.opts.schema}"."outbox"
           WHERE published_at IS NULL AND parked_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [batch],
        )) as OutboxRow[];
        if (!rows.length) return { sent: 0, parked: [] };
        // A key with a parked row keeps its order: what comes after waits, parked too, until it is re-queued.
        const blocked = await this.parkedKeys(m, rows);
        if (blocked.size) return this.oneByOne(m, rows, blocked);
        try {
          await this.publish(rows);
          await this.markPublished(m, rows);
          return { sent: rows.length, parked: [] };
        } catch (err) {
          if (!isPermanentPublishError(err)) throw err;
          // Someone in this batch is refused for good: find it, publishing the others in order around it.
          return this.oneByOne(m, rows, blocked);
        }
      });
      // Counted once committed: a rolled-back drain parked nothing.
      for (const row of outcome.parked) outboxParked.inc({ topic: row.topic });
      total += outcome.sent;
      if (outcome.stalled) throw outcome.stalled;
      if (outcome.sent + outcome.parked.length < batch || !this.running) return total;
    }
  }

  /**
   * Rows in order, one per send. A refused row costs an attempt and, past `maxAttempts`, is parked; rows of a key
   * with a parked row are parked behind it (never sent out of order). The broker going away midway stops the pass
   * with what was sent kept.
   */
  private async oneByOne(m: EntityManager, rows: OutboxRow[], blocked: Set<string>): Promise<DrainOutcome> {
    const maxAttempts = this.opts.maxAttempts ?? 5;
    const parked: OutboxRow[] = [];
    let sent = 0;
    const park = async (row: OutboxRow, error: string, attempt: boolean) => {
      await m.query(
        `UPDATE "${this.opts.schema}"."outbox" SET attempts = attempts + $3, last_error = $2, parked_at = now() WHERE id = $1`,
        [row.id, error, attempt ? 1 : 0],
      );
      blocked.add(keyOf(row));
      parked.push(row);
    };
    for (const row of rows) {
      if (blocked.has(keyOf(row))) {
        await park(row, `held behind a parked event of the same key (${row.topic} ${row.message_key}); re-queue them together`, false);
        continue;
      }
      try {
        await this.publish([row]);
        await this.markPublished(m, [row]);
        sent++;
      } catch (err) {
        if (!isPermanentPublishError(err)) return { sent, parked, stalled: err };
        const error = String((err as Error)?.message ?? err).slice(0, 1_000);
        if (row.attempts + 1 < maxAttempts) {
          await m.query(`UPDATE "${this.opts.schema}"."outbox" SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [
            row.id,
            error,
          ]);
          return { sent, parked, stalled: new OutboxRowRefused() };
        }
        await park(row, error, true);
        this.logger.error(
          { schema: this.opts.schema, id: row.id, topic: row.topic, attempts: row.attempts + 1, error },
          'outbox row parked: the broker refuses it; the rows after it go on, those of its key wait behind it (re-queue once fixed)',
        );
      }
    }
    return { sent, parked };
  }

  /** The (topic, key) pairs among `rows` that have a parked row. */
  private async parkedKeys(m: EntityManager, rows: OutboxRow[]): Promise<Set<string>> {
    const found = (await m.query(
      `SELECT DISTINCT topic, message_key FROM "${this.opts.schema}"."outbox"
        WHERE parked_at IS NOT NULL AND message_key = ANY($1)`,
      [[...new Set(rows.map((r) => r.message_key))]],
    )) as { topic: string; message_key: string }[];
    return new Set(found.map((r) => `${r.topic}\u0000${r.message_key}`));
  }

  private async publish(rows: OutboxRow[]): Promise<void> {
    const byTopic = new Map<string, OutboxRow[]>();
    for (const r of rows) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((r) => ({ key: r.message_key, value: JSON.stringify(r.payload), headers: r.headers })),
      })),
    });
  }

  private async markPublished(m: EntityManager, rows: OutboxRow[]): Promise<void> {
    await m.query(`UPDATE "${this.opts.schema}"."outbox" SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1)`, [
      rows.map((r) => r.id),
    ]);
    const perTopic = new Map<string, number>();
    for (const r of rows) perTopic.set(r.topic, (perTopic.get(r.topic) ?? 0) + 1);
    for (const [topic, n] of perTopic) outboxPublished.inc({ topic }, n);
  }

  /** Marks the oldest pending row with the error, so a stuck outbox shows why (`attempts`, `last_error`). */
  private async recordFailure(err: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE "${this.opts.schema}"."outbox" SET last_error = $1
       WHERE id = (SELECT id FROM "${this.opts.schema}"."outbox" WHERE published_at IS NULL AND parked_at IS NULL ORDER BY created_at, id LIMIT 1)`,
      [String((err as Error)?.message ?? err).slice(0, 1_000)],
    );
  }
}
