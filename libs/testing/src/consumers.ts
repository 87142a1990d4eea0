import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '@looma-hub/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { testEnv } from './env';

/** Publishes CloudEvents the way a service's outbox relay does (key, JSON value, `ce-type` header). */
export async function eventPublisher(brokers = testEnv().KAFKA_BROKERS) {
  const kafka = new Kafka({ clientId: `test-publisher-${randomUUID().slice(0, 8)}`, brokers: brokers.split(','), logLevel: logLevel.WARN });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  return {
    publish: async (topic: string, key: string, event: CloudEvent) => {
      await producer.send({ topic, acks: -1, messages: [{ key, value: JSON.stringify(event), headers: { 'ce-type': event.type } }] });
    },
    close: () => producer.disconnect(),
  };
}

/**
 * A consumer group that is new and starts at the end of its topic only sees what is published after Kafka resolved
 * its offsets, a little after it joined. This publishes probe events (made by `probe`, a harmless event the
 * handler ignores) until one shows up in the service's `processed_message` table for that group.
 */
export async function waitForConsumerGroup(opts: {
  databaseUrl: string;
  schema: string;
  groupId: string;
  topic: string;
  probe: () => CloudEvent;
  timeoutMs?: number;
}): Promise<void> {
  const publisher = await eventPublisher();
  const db = new Client({ connectionString: opts.databaseUrl });
  await db.connect();
  try {
    const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
    while (Date.now() < deadline) {
      const probe = opts.probe();
      await publisher.publish(opts.topic, `${probe.tenantid}:probe`, probe);
      for (let i = 0; i < 15; i++) {
        const seen = await db.query(`SELECT 1 FROM "${opts.schema}"."processed_message" WHERE consumer_group = $1 AND message_id = $2`, [
          opts.groupId,
          probe.id,
        ]);
        if (seen.rowCount) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`consumer group ${opts.groupId} saw no probe event on ${opts.topic} within ${opts.timeoutMs ?? 30_000} ms`);
  } finally {
    await db.end();
    await publisher.close();
  }
}

export interface TopicRecording<T = unknown> {
  /** Messages seen so far (whose key starts with the prefix), in arrival order. */
  messages: { key: string; value: T; partition: number; offset: string; headers: Record<string, string> }[];
  /** Waits until `count` messages arrived (fails naming what was awaited). */
  waitFor(count: number, timeoutMs?: number): Promise<TopicRecording<T>['messages']>;
  stop(): Promise<void>;
}

/**
 * Records what is published on `topic` from now on (messages already there are skipped: the consumer starts at the
 * end offsets read before it joined), keeping those whose key starts with `keyPrefix` — a test's own tenant.
 */
export async function recordTopic<T = unknown>(
  topic: string,
  keyPrefix: string,
  brokers = testEnv().KAFKA_BROKERS,
): Promise<TopicRecording<T>> {
  const kafka = new Kafka({
    clientId: `test-recorder-${randomUUID().slice(0, 8)}`,
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const consumer = kafka.consumer({ groupId: `test-recorder-${randomUUID()}`, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  const messages: TopicRecording<T>['messages'] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let joined!: () => void;
  const ready = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const key = message.key?.toString() ?? '';
      if (!key.startsWith(keyPrefix)) return;
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? '']));
      messages.push({ key, value: JSON.parse(message.value?.toString() ?? 'null') as T, partition, offset: message.offset, headers });
    },
  });
  for (const p of ends) consumer.seek({ topic, partition: p.partition, offset: p.offset });
  await ready;
  return {
    messages,
    waitFor: async (count, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} messages on ${topic} (got ${messages.length})`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return messages;
    },
    stop: () => consumer.disconnect(),
  };
}
