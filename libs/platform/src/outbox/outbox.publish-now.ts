import type { Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { outboxPublished } from '../metrics/metrics';

export type PublishNowOutcome = 'published' | 'already-published' | 'parked' | 'missing';

/** Kafka did not acknowledge in time: the row stays pending, and the relay publishes it later. */
export class OutboxPublishTimeout extends Error {
  constructor(ms: number) {
    super(`Kafka did not acknowledge the message within ${ms} ms`);
    this.name = 'OutboxPublishTimeout';
  }
}

export interface PublishNowOptions {
  schema: string;
  /** The outbox row's id (the CloudEvent id `OutboxWriter.enqueue` returned). */
  id: string;
  /** Longest wait for the acknowledgement (acks=all); the producer's own retries take far longer against a dead broker. */
  timeoutMs: number;
  /** Longest wait for the row while the relay holds it (it is then publishing it). */
  lockTimeoutMs?: number;
}

/**
 * Publishes one committed outbox row now, for a caller that may only answer once its event is on Kafka (the inbound
 * receiver's 2xx), and marks it published. Done under the row's lock: the relay skips locked rows (SKIP LOCKED), and
 * a row the relay holds is waited for and then found published — so the two never both send it. On a timeout or a
 * broker error it throws and the row stays pending for the relay; a send that still lands after the timeout is sent
 * again by the relay with the same event id, which consumers absorb.
 */
export async function publishOutboxRowNow(dataSource: DataSource, producer: Producer, opts: PublishNowOptions): Promise<PublishNowOutcome> {
  return dataSource.transaction(async (m) => {
    await m.query(`SET LOCAL lock_timeout = '${Math.max(1, Math.trunc(opts.lockTimeoutMs ?? opts.timeoutMs))}ms'`);
    const rows = (await m.query(
      `SELECT topic, message_key, payload, headers, published_at, parked_at FROM "${opts.schema}"."outbox" WHERE id = $1 FOR UPDATE`,
      [opts.id],
    )) as {
      topic: string;
      message_key: string;
      payload: unknown;
      headers: Record<string, string>;
      published_at: Date | null;
      parked_at: Date | null;
    }[];
    const row = rows[0];
    if (!row) return 'missing';
    if (row.published_at) return 'already-published';
    if (row.parked_at) return 'parked';
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        producer.send({
          topic: row.topic,
          acks: -1,
          messages: [{ key: row.message_key, value: JSON.stringify(row.payload), headers: row.headers }],
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new OutboxPublishTimeout(opts.timeoutMs)), opts.timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
    await m.query(`UPDATE "${opts.schema}"."outbox" SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1`, [
      opts.id,
    ]);
    outboxPublished.inc({ topic: row.topic });
    return 'published';
  });
}
