import { Kafka, logLevel, type Admin, type CompressionTypes, type Producer, type KafkaConfig, type LogEntry, type Message } from 'kafkajs';
import { rootLogger } from '../logging/logger';

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs stays behind this module so a faster client can replace it on hot paths. */
export function createKafka(opts: { brokers: string[]; clientId: string } & Partial<KafkaConfig>): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  const log = rootLogger().child({ component: 'kafkajs' });
  return new Kafka({
    ...opts,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        // The coordinator-loading chatter of a fresh broker is expected and retried.
        if (/coordinator (is loading|is not available)|not the correct coordinator/i.test(String(rest.error ?? ''))) return;
        // Our idempotent producer bounds retries on purpose (the outbox retries); the warning is noise.
        if (/Limiting retries for the idempotent producer/.test(message)) return;
        log[levels[level] ?? 'info'](rest, message);
      },
  });
}

export async function createIdempotentProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  return producer;
}

/** Creates topics (and their DLQs) if missing. Safe to call from every process at start. */
export async function ensureTopics(admin: Admin, topics: string[], numPartitions = 3): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(topics)].filter((t) => !existing.has(t));
  if (!missing.length) return;
  try {
    await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions })) });
  } catch (err) {
    // Another process may have created them first.
    if (!/already exists/i.test((err as Error).message)) throw err;
  }
}

/**
 * The broker refuses a request whose record batch for one partition exceeds `message.max.bytes` (1 MiB by default),
 * and kafkajs sends all of a call's messages for a partition as one batch: a large batch of events is sent in
 * calls of at most `maxBytes` of keys and values (kafkajs does not split a call itself).
 */
export async function sendInChunks(
  producer: Producer,
  record: { topic: string; messages: Message[]; acks?: number; compression?: CompressionTypes },
  maxBytes = 768 * 1024,
): Promise<void> {
  let chunk: Message[] = [];
  let bytes = 0;
  const flush = async () => {
    if (!chunk.length) return;
    await producer.send({ ...record, messages: chunk });
    chunk = [];
    bytes = 0;
  };
  for (const m of record.messages) {
    const size = byteLength(m.key) + byteLength(m.value) + 64;
    if (bytes + size > maxBytes) await flush();
    chunk.push(m);
    bytes += size;
  }
  await flush();
}

function byteLength(v: Message['key'] | Message['value']): number {
  if (v == null) return 0;
  return typeof v === 'string' ? Buffer.byteLength(v) : v.length;
}
