/**
 * Kafka with kafkajs: produce N messages of a fixed size with acks=all in batches, then consume them all with a
 * fresh consumer group. The two figures are measured separately (the consumer starts after the last ack).
 */
import { Kafka, type Message, Partitioners, logLevel } from 'kafkajs';
import { enginePid, startCpuMeter } from '../lib/cpu';
import { secondsSince, withTimeout } from '../lib/timing';
import { type BenchContext, type Figure } from '../lib/types';

export interface KafkaSettings {
  messages: number;
  messageBytes: number;
  batchSize: number;
  /** Batches sent concurrently by the one producer. */
  inFlightBatches: number;
  partitions: number;
  timeoutSeconds: number;
}

/** A JSON order event padded to exactly `size` bytes (uncompressed, so content does not change the cost). */
function payload(i: number, size: number): Buffer {
  const head = JSON.stringify({
    specversion: '1.0',
    type: 'hub.orders.order-status-changed.v1',
    id: `bench-${i}`,
    data: { orderId: i, pad: '' },
  });
  const buf = Buffer.alloc(size, 0x78);
  buf.write(head.slice(0, size));
  return buf;
}

export async function benchKafka(
  ctx: BenchContext,
  settings: KafkaSettings,
): Promise<{ figures: Figure[]; facts: Record<string, unknown> }> {
  const brokers = ctx.env.KAFKA_BROKERS?.split(',').filter(Boolean);
  if (!brokers?.length) throw new Error('KAFKA_BROKERS missing from infra.sh env');
  const topic = `bench.infra.${ctx.runId}`;
  const groupId = `bench-infra-${ctx.runId}`;
  const kafka = new Kafka({ clientId: `looma-bench-${ctx.runId}`, brokers, logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  const facts: Record<string, unknown> = {
    client: 'kafkajs 2.2.4',
    brokerVersion: /kafka-([\d.]+)/.exec(ctx.env.KAFKA_LIBS ?? '')?.[1] ?? 'unknown',
    topic: `fresh topic, ${settings.partitions} partitions, replication factor 1`,
    acks: 'all (-1)',
    compression: 'none',
    consumer: 'one consumer-group member, eachBatch, auto commit',
  };
  await admin.connect();
  let topicCreated = false;
  try {
    const cluster = await admin.describeCluster();
    facts.brokers = cluster.brokers.length;
    topicCreated = await admin.createTopics({
      topics: [{ topic, numPartitions: settings.partitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });

    // Messages are built before the clock starts; keys spread them over the partitions like tenant:order keys do.
    const batches: Message[][] = [];
    for (let i = 0; i < settings.messages; i += settings.batchSize) {
      const batch: Message[] = [];
      for (let j = i; j < Math.min(i + settings.batchSize, settings.messages); j++) {
        batch.push({ key: `tenant-${j % 17}:order-${j}`, value: payload(j, settings.messageBytes) });
      }
      batches.push(batch);
    }

    await producer.connect();
    ctx.log(
      `kafka: produce ${settings.messages.toLocaleString('en-US')} × ${settings.messageBytes} B to ${topic} (acks=all, batches of ${settings.batchSize}, ${settings.inFlightBatches} in flight)`,
    );
    const brokerPid = enginePid('kafka');
    const produceMeter = startCpuMeter(brokerPid);
    const t0 = process.hrtime.bigint();
    let next = 0;
    const lane = async () => {
      for (let b = next++; b < batches.length; b = next++) {
        await producer.send({ topic, acks: -1, messages: batches[b] ?? [] });
      }
    };
    await withTimeout('kafka produce', settings.timeoutSeconds, Promise.all(Array.from({ length: settings.inFlightBatches }, lane)));
    const produceSeconds = secondsSince(t0);
    const produceCpu = produceMeter.stop();
    await producer.disconnect();

    ctx.log(`kafka: consume ${settings.messages.toLocaleString('en-US')} with group ${groupId}`);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let consumed = 0;
    let firstAt: bigint | undefined;
    let lastAt = 0n;
    const consumeMeter = startCpuMeter(brokerPid);
    const c0 = process.hrtime.bigint();
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          firstAt ??= process.hrtime.bigint();
          consumed += batch.messages.length;
          if (consumed >= settings.messages) {
            lastAt = process.hrtime.bigint();
            resolve();
          }
          await Promise.resolve();
        },
      });
    });
    await withTimeout('kafka consume', settings.timeoutSeconds, done);
    const consumeCpu = consumeMeter.stop();
    const joinSeconds = Number((firstAt ?? lastAt) - c0) / 1e9;
    const consumeSeconds = Number(lastAt - (firstAt ?? c0)) / 1e9;
    const totalConsumeSeconds = Number(lastAt - c0) / 1e9;
    if (consumed !== settings.messages) throw new Error(`kafka: consumed ${consumed}, expected ${settings.messages}`);

    const mb = (settings.messages * settings.messageBytes) / 1e6;
    const count = settings.messages.toLocaleString('en-US');
    return {
      facts,
      figures: [
        {
          key: 'kafka.produce.msgsPerSec',
          label: `Kafka produce (${settings.messageBytes} B, acks=all)`,
          value: settings.messages / produceSeconds,
          unit: 'msg/s',
          detail: `${count} in ${produceSeconds.toFixed(2)} s = ${(mb / produceSeconds).toFixed(1)} MB/s`,
          cpu: produceCpu,
        },
        {
          key: 'kafka.consume.msgsPerSec',
          label: `Kafka consume (consumer group)`,
          value: settings.messages / consumeSeconds,
          unit: 'msg/s',
          detail: `${count} in ${consumeSeconds.toFixed(2)} s after first fetch = ${(mb / consumeSeconds).toFixed(1)} MB/s`,
          cpu: consumeCpu,
        },
        {
          key: 'kafka.consume.joinSeconds',
          label: 'Kafka group join → first batch',
          value: joinSeconds,
          unit: 's',
          detail: `with join: ${(settings.messages / totalConsumeSeconds).toFixed(0)} msg/s`,
        },
      ],
    };
  } finally {
    await producer.disconnect().catch(() => undefined);
    await consumer.disconnect().catch(() => undefined);
    try {
      if (topicCreated) await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
      await admin.deleteGroups([groupId]).catch(() => undefined); // absent when the consumer never joined
    } catch (err) {
      ctx.log(`kafka: cleanup of ${topic} failed: ${String(err)}`);
    }
    await admin.disconnect();
  }
}
