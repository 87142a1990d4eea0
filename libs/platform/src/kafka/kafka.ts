import { Kafka, logLevel, type Admin, type Producer, type KafkaConfig, type LogEntry } from 'kafkajs';
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
