import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { type CloudEvent, eventKey, OrderStatus, type OrderStatusChangedV1, Topics } from '@looma-hub/contracts';
import { createTestDatabase, ensureTestDatabase, sleep, testEnv } from '@looma-hub/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { webhooksDataSourceOptions } from '../../src/database/data-source';
import { startWebhooks } from '../../src/main';

export const INTERNAL_TOKEN = 'webhooks-int-test-token-0123456789';

export interface TestService {
  app: INestApplication;
  /** The service's Kafka consumer group (its own, per test service). */
  groupId: string;
  url: string;
  databaseUrl: string;
  db: DataSource;
  api: <T = unknown>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T; contentType: string }>;
  close: () => Promise<void>;
}

/**
 * Starts the real webhooks service (HTTP on a free loopback port, Postgres, Kafka) with short retry delays.
 * Unless `databaseUrl` is given (replicas sharing one), it gets a private database, dropped on close. Its
 * consumer group is its own and starts at the topic's end; `start` returns once the consumer provably sees
 * new events. `env` overrides the test defaults, e.g. to turn the consumer off.
 */
export async function startTestService(env: Record<string, string> = {}, databaseUrl?: string): Promise<TestService> {
  await ensureTestDatabase();
  const own = databaseUrl ? undefined : await createTestDatabase('wh');
  const url0 = databaseUrl ?? own?.url ?? '';
  const groupId = `webhooks-int-${randomUUID().slice(0, 8)}`;
  const { app, url, config } = await startWebhooks({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    DATABASE_URL: url0,
    DATABASE_POOL_SIZE: '5',
    KAFKA_BROKERS: testEnv().KAFKA_BROKERS,
    INTERNAL_API_TOKEN: INTERNAL_TOKEN,
    WEBHOOK_CONSUMER_GROUP: groupId,
    WEBHOOK_CONSUMER_FROM_BEGINNING: 'false',
    WEBHOOK_RETRY_SCHEDULE: '200ms,400ms,600ms',
    WEBHOOK_RETRY_JITTER: '0.2',
    WEBHOOK_POLL_INTERVAL: '100ms',
    WEBHOOK_TIMEOUT: '2s',
    ...env,
  });
  const db = new DataSource(webhooksDataSourceOptions(url0));
  await db.initialize();
  if (config.WEBHOOK_CONSUMER_ENABLED) await waitForConsumer(db, groupId);
  const api = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'x-internal-token': INTERNAL_TOKEN, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, contentType: res.headers.get('content-type') ?? '' };
  };
  let closed = false;
  return {
    app,
    groupId,
    url,
    databaseUrl: url0,
    db,
    api,
    close: async () => {
      if (closed) return;
      closed = true;
      // A test may have closed the app itself (shutdown behaviour).
      await app.close().catch(() => undefined);
      if (db.isInitialized) await db.destroy();
      await own?.drop();
    },
  };
}

/**
 * A new group starting at the end of the topic only sees events published after Kafka resolved its offsets,
 * which is a little after it joined: publish probe events until one shows up in processed_message.
 */
async function waitForConsumer(db: DataSource, groupId: string): Promise<void> {
  const kafka = await orderEventsProducer();
  try {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const probe = orderStatusEvent(`probe-${randomUUID().slice(0, 8)}`, OrderStatus.Completed);
      await kafka.publish(probe);
      for (let i = 0; i < 15; i++) {
        const rows = (await db.query(`SELECT 1 FROM "webhooks"."processed_message" WHERE consumer_group = $1 AND message_id = $2`, [
          groupId,
          probe.id,
        ])) as unknown[];
        if (rows.length) return;
        await sleep(100);
      }
    }
    throw new Error(`consumer group ${groupId} saw no probe event within 30 s`);
  } finally {
    await kafka.close();
  }
}

/**
 * Puts the tenant in development mode through the internal API, so its endpoints may point at the simulators on
 * loopback (the service refuses private targets for every other tenant).
 */
export async function developmentMode(svc: Pick<TestService, 'api'>, tenantId: string, on = true): Promise<void> {
  const res = await svc.api<{ developmentMode: boolean }>('PUT', `/internal/tenants/${tenantId}/settings`, { developmentMode: on });
  if (res.status !== 200 || res.body.developmentMode !== on) {
    throw new Error(`development mode of ${tenantId} not set: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** Whether the service's consumer has processed these events (each one's processed_message row, written with its deliveries). */
export async function processed(svc: TestService, eventIds: string[]): Promise<boolean> {
  const rows = (await svc.db.query(
    `SELECT count(*)::int AS n FROM "webhooks"."processed_message" WHERE consumer_group = $1 AND message_id = ANY($2)`,
    [svc.groupId, eventIds],
  )) as { n: number }[];
  return rows[0]?.n === eventIds.length;
}

/** A producer that publishes real CloudEvents the way the orders service's outbox relay does. */
export async function orderEventsProducer(): Promise<{
  producer: Producer;
  publish: (e: CloudEvent, topic?: string) => Promise<void>;
  close: () => Promise<void>;
}> {
  const kafka = new Kafka({ clientId: 'webhooks-int-test', brokers: testEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.WARN });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  return {
    producer,
    publish: async (e, topic = Topics.orderStatusChanged) => {
      await producer.send({
        topic,
        acks: -1,
        messages: [{ key: eventKey(e.tenantid, e.subject ?? e.id), value: JSON.stringify(e), headers: { 'ce-type': e.type } }],
      });
    },
    close: () => producer.disconnect(),
  };
}

export function orderStatusEvent(tenantId: string, status: OrderStatus, orderId: string = randomUUID()): CloudEvent<OrderStatusChangedV1> {
  const at = new Date().toISOString();
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: 'looma-hub/orders',
    type: Topics.orderStatusChanged,
    subject: orderId,
    time: at,
    datacontenttype: 'application/json',
    tenantid: tenantId,
    data: {
      orderId,
      externalId: `chat-${orderId.slice(0, 6)}`,
      status,
      previousStatus: 'REGISTERED',
      loomaStatus: status === 'COMPLETED' ? 'finished' : 'cancelled',
      omniChatStatus: status === 'COMPLETED' ? 'DELIVERED' : 'CANCELLED',
      retailerSaleId: 'sale-1',
      totalCents: 12_345,
      occurredAt: at,
    },
  };
}
