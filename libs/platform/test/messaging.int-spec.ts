import { randomUUID } from 'node:crypto';
import { type CloudEvent, dlqTopic } from '@looma-hub/contracts';
import { ensureTestDatabase, testEnv, waitFor } from '@looma-hub/testing';
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { DataSource, type EntityManager } from 'typeorm';
import { IdempotentConsumer } from '../src/kafka/idempotent-consumer';
import { createIdempotentProducer, createKafka, ensureTopics } from '../src/kafka/kafka';
import { kafkaMessagesConsumed, metricsRegistry } from '../src/metrics/metrics';
import { messagingTablesSql, OutboxMessage, outboxParkingSql, ProcessedMessage } from '../src/outbox/outbox.entity';
import { OutboxParking } from '../src/outbox/outbox.parking';
import { OutboxRelay } from '../src/outbox/outbox.relay';
import { OutboxWriter } from '../src/outbox/outbox.service';

/** Outbox → Kafka → idempotent consumer, against the real Postgres and Kafka. */
describe('transactional outbox and idempotent consumer', () => {
  const env = testEnv();
  const run = randomUUID().slice(0, 8);
  const schema = `platform_it_${run}`;
  const topic = `hub.test.thing-happened.${run}.v1`;
  let ds: DataSource;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let relay: OutboxRelay;
  const writer = new OutboxWriter(schema, 'looma-hub/test');
  const consumers: IdempotentConsumer[] = [];

  beforeAll(async () => {
    await ensureTestDatabase(env.DATABASE_URL);
    ds = new DataSource({ type: 'postgres', url: env.DATABASE_URL, schema, entities: [OutboxMessage, ProcessedMessage] });
    await ds.initialize();
    await ds.query(`CREATE SCHEMA "${schema}"`);
    for (const sql of [...messagingTablesSql(schema), ...outboxParkingSql(schema)]) await ds.query(sql);
    await ds.query(`CREATE TABLE "${schema}".thing (id text PRIMARY KEY, handled int NOT NULL DEFAULT 0)`);
    kafka = createKafka({ brokers: env.KAFKA_BROKERS.split(','), clientId: `it-${run}` });
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topic, dlqTopic(topic)], 2);
    producer = await createIdempotentProducer(kafka);
    relay = new OutboxRelay(ds, producer, { schema, databaseUrl: env.DATABASE_URL, pollIntervalMs: 5_000, maxAttempts: 2 });
    await relay.start();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await relay?.stop();
    await producer?.disconnect();
    await admin?.deleteTopics({ topics: [topic, dlqTopic(topic)] }).catch(() => undefined);
    await admin?.disconnect();
    await ds?.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
    await ds?.destroy();
  }, 60_000);

  async function emit(
    id: string,
    rollback = false,
    opts: { key?: string; topic?: string; data?: Record<string, unknown> } = {},
  ): Promise<CloudEvent | undefined> {
    let event: CloudEvent | undefined;
    await ds
      .transaction(async (m) => {
        await m.query(`INSERT INTO "${schema}".thing (id) VALUES ($1)`, [id]);
        event = await writer.enqueue(m, {
          topic: opts.topic ?? topic,
          tenantId: 't1',
          key: opts.key ?? `t1:${id}`,
          subject: id,
          data: { id, ...opts.data },
        });
        if (rollback) throw new Error('rollback');
      })
      .catch((err: Error) => {
        if (err.message !== 'rollback') throw err;
      });
    return event;
  }

  function startConsumer(groupId: string, handler: (e: CloudEvent, m: EntityManager) => Promise<void>) {
    const c = new IdempotentConsumer(kafka, ds, producer, {
      groupId,
      schema,
      handlers: { [topic]: async (e, ctx) => handler(e, ctx.manager) },
      retryDelaysMs: [50, 50],
    });
    consumers.push(c);
    return c.start();
  }

  async function readDlq(): Promise<{ value: string; headers: Record<string, string> }[]> {
    const got: { value: string; headers: Record<string, string> }[] = [];
    const c: Consumer = kafka.consumer({ groupId: `dlq-reader-${randomUUID()}` });
    await c.connect();
    await c.subscribe({ topic: dlqTopic(topic), fromBeginning: true });
    await c.run({
      eachMessage: async ({ message }) => {
        got.push({
          value: message.value?.toString() ?? '',
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        });
      },
    });
    await waitFor(() => got.length >= 2, { timeoutMs: 30_000, what: 'two DLQ messages' });
    await c.disconnect();
    return got;
  }

  it('publishes committed events only, each handled exactly once even when delivered twice', async () => {
    const handled: string[] = [];
    await startConsumer(`it-${run}-main`, async (e, m) => {
      const data = e.data as { id: string };
      if (data.id.startsWith('poison')) throw new Error(`cannot handle ${data.id}`);
      handled.push(data.id);
      await m.query(`UPDATE "${schema}".thing SET handled = handled + 1 WHERE id = $1`, [data.id]);
    });

    const a = await emit('a');
    await emit('rolled-back', true);
    await emit('b');
    await waitFor(() => handled.length >= 2, { timeoutMs: 30_000, what: 'two handled events' });

    // Redeliver event a (as a relay crash before marking it published would): still handled once. The marker c goes
    // with a's key, so on a's partition, after the copy: once c is handled, the copy was consumed (and absorbed).
    const duplicates = async () =>
      (await kafkaMessagesConsumed.get()).values.find((v) => v.labels.group === `it-${run}-main` && v.labels.outcome === 'duplicate')
        ?.value ?? 0;
    expect(await duplicates()).toBe(0);
    await producer.send({ topic, acks: -1, messages: [{ key: 't1:a', value: JSON.stringify(a) }] });
    await emit('c', false, { key: 't1:a' });
    await waitFor(() => handled.includes('c'), { timeoutMs: 30_000, what: 'event c' });
    expect(await duplicates()).toBe(1);

    expect(handled.sort()).toEqual(['a', 'b', 'c']);
    const rows = (await ds.query(`SELECT id, handled FROM "${schema}".thing ORDER BY id`)) as { id: string; handled: number }[];
    expect(rows).toEqual([
      { id: 'a', handled: 1 },
      { id: 'b', handled: 1 },
      { id: 'c', handled: 1 },
    ]);
    const pending = (await ds.query(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE published_at IS NULL`)) as { n: number }[];
    expect(pending[0]?.n).toBe(0);
  }, 90_000);

  it('sends poison and repeatedly failing messages to the DLQ with the error, and moves on', async () => {
    await producer.send({ topic, acks: -1, messages: [{ key: 'x', value: 'not json at all' }] });
    await emit('poison-1');
    const dlq = await readDlq();
    const kinds = dlq.map((d) => d.headers['dlq-error-kind']).sort();
    expect(kinds).toEqual(['handler', 'poison']);
    const handlerFailure = dlq.find((d) => d.headers['dlq-error-kind'] === 'handler');
    expect(handlerFailure?.headers['dlq-error']).toContain('cannot handle poison-1');
    expect(handlerFailure?.headers['dlq-attempts']).toBe('3');
    // The failed event left no processed-message row behind: a fixed handler could reprocess it from the DLQ.
    const processed = (await ds.query(`SELECT message_id FROM "${schema}".processed_message`)) as { message_id: string }[];
    expect(processed.map((p) => p.message_id)).not.toContain(JSON.parse(handlerFailure?.value ?? '{}').id);
  }, 90_000);

  it('parks a row the broker refuses for good after its attempts: other keys go on, its own key waits behind it; re-queued once fixed, both go out in order', async () => {
    const parkTopic = `hub.test.parked.${run}.v1`;
    await ensureTopics(admin, [parkTopic], 1);
    const received: string[] = [];
    const reader = kafka.consumer({ groupId: `park-reader-${run}` });
    await reader.connect();
    await reader.subscribe({ topic: parkTopic, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => void received.push((JSON.parse(message.value!.toString()) as CloudEvent<{ id: string }>).data.id),
    });
    try {
      // The broker takes at most ~1 MB per message: `huge` is 1.5 MB, between events of its own key and of another.
      await emit('before', false, { topic: parkTopic, key: 't1:order-a' });
      await emit('huge', false, { topic: parkTopic, key: 't1:order-a', data: { blob: 'x'.repeat(1_500_000) } });
      await emit('after-same', false, { topic: parkTopic, key: 't1:order-a' });
      await emit('other', false, { topic: parkTopic, key: 't1:order-b' });
      await waitFor(() => received, {
        until: (r) => r.includes('other'),
        timeoutMs: 60_000,
        what: 'the event of another key, after the refused one',
      });
      const parking = new OutboxParking(ds, schema);
      const parked = await waitFor(() => parking.list(), {
        until: (p) => p.total === 2,
        timeoutMs: 30_000,
        what: 'the refused row and the one behind it parked',
      });
      expect(received).toEqual(['before', 'other']);
      expect(parked.items.map((r) => ({ key: r.key, attempts: r.attempts }))).toEqual([
        { key: 't1:order-a', attempts: 2 },
        { key: 't1:order-a', attempts: 0 },
      ]);
      expect(parked.items[0]?.lastError).toMatch(/larger than the max message size|too large/i);
      expect(parked.items[1]?.lastError).toMatch(/held behind a parked event of the same key/);
      const metrics = await metricsRegistry.getSingleMetricAsString('outbox_parked_messages');
      expect(metrics).toContain(`outbox_parked_messages{schema="${schema}"} 2`);

      // Fixed (the topic takes bigger messages now), re-queued: both are published, in their order.
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: 2 /* TOPIC */, name: parkTopic, configEntries: [{ name: 'max.message.bytes', value: '4000000' }] }],
      });
      expect(await parking.requeue()).toBe(2);
      await waitFor(() => received, { until: (r) => r.length === 4, timeoutMs: 60_000, what: 'the re-queued events' });
      expect(received).toEqual(['before', 'other', 'huge', 'after-same']);
      expect((await parking.list()).total).toBe(0);
    } finally {
      await reader.disconnect();
      await admin.deleteTopics({ topics: [parkTopic] }).catch(() => undefined);
    }
  }, 120_000);
});
