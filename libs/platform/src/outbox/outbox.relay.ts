import { Logger } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { outboxPublished } from '../metrics/metrics';
import { outboxChannel } from './outbox.service';

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: unknown;
  headers: Record<string, string>;
}

export interface OutboxRelayOptions {
  schema: string;
  databaseUrl: string;
  batchSize?: number;
  pollIntervalMs?: number;
}

/**
 * Relays outbox rows to Kafka: woken by NOTIFY on commit, polling as a fallback. Rows are locked with
 * SKIP LOCKED so several replicas can run relays; a row is marked published only after Kafka acknowledged it
 * (acks=all), so a crash can only cause a re-send, which consumers absorb by event id.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener: Client | undefined;
  private running = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private failures = 0;
  private pending = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: Producer,
    private readonly opts: OutboxRelayOptions,
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.listener = new Client({ connectionString: this.opts.databaseUrl, application_name: `outbox-relay-${this.opts.schema}` });
    this.listener.on('notification', () => {
      this.pending = true;
      this.wake?.();
    });
    this.listener.on('error', (err) => this.logger.warn({ err }, 'outbox listener connection error; polling continues'));
    await this.listener.connect();
    await this.listener.query(`LISTEN ${outboxChannel(this.opts.schema)}`);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
  }

  /** Publishes everything pending now; returns how many messages went out. */
  async drain(): Promise<number> {
    const batch = this.opts.batchSize ?? 200;
    let total = 0;
    for (;;) {
      const sent = await this.dataSource.transaction(async (m) => {
        // One relay at a time per schema (replicas wait their turn): concurrent relays could publish two events
        // of the same order out of order.
        const [lock] = (await m.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok', [`outbox-relay:${this.opts.schema}`])) as {
          ok: boolean;
        }[];
        if (!lock?.ok) return 0;
        const rows = (await m.query(
          `SELECT id, topic, message_key, payload, headers FROM "${this.opts.schema}"."outbox"
           WHERE published_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [batch],
        )) as OutboxRow[];
        if (!rows.length) return 0;
        const byTopic = new Map<string, OutboxRow[]>();
        for (const r of rows) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
        await this.producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, list]) => ({
            topic,
            messages: list.map((r) => ({ key: r.message_key, value: JSON.stringify(r.payload), headers: r.headers })),
          })),
        });
        await m.query(`UPDATE "${this.opts.schema}"."outbox" SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1)`, [
          rows.map((r) => r.id),
        ]);
        for (const [topic, list] of byTopic) outboxPublished.inc({ topic }, list.length);
        return rows.length;
      });
      total += sent;
      if (sent < batch || !this.running) return total;
    }
  }

  /** Marks the oldest pending row with the error, so a stuck outbox shows why (`attempts`, `last_error`). */
  private async recordFailure(err: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE "${this.opts.schema}"."outbox" SET attempts = attempts + 1, last_error = $1
       WHERE id = (SELECT id FROM "${this.opts.schema}"."outbox" WHERE published_at IS NULL ORDER BY created_at, id LIMIT 1)`,
      [String((err as Error)?.message ?? err).slice(0, 1_000)],
    );
  }

  private async run(): Promise<void> {
    const poll = this.opts.pollIntervalMs ?? 1_000;
    while (this.running) {
      this.pending = false;
      try {
        await this.drain();
        this.failures = 0;
      } catch (err) {
        this.failures++;
        this.logger.warn({ err, failures: this.failures }, 'outbox relay could not publish; will retry');
        await this.recordFailure(err).catch(() => undefined);
      }
      if (!this.running) break;
      if (this.pending && !this.failures) continue;
      const delay = this.failures ? Math.min(30_000, 250 * 2 ** this.failures) : poll;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
