import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { type CloudEvent, eventKey, type OrderStatus, type OrderStatusChangedV1, Topics } from '@looma-hub/contracts';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { webhooksDataSourceOptions } from '../../src/database/data-source';
import { startWebhooks } from '../../src/main';
import { ensureTestDatabase, TEST_DATABASE_URL, TEST_KAFKA_BROKERS } from './infra';

export const INTERNAL_TOKEN = 'webhooks-int-test-token-0123456789';

export interface TestService {
  app: INestApplication;
  url: string;
  db: DataSource;
  api: <T = unknown>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T; contentType: string }>;
  close: () => Promise<void>;
}

/**
 * Starts the real webhooks service (HTTP on a free loopback port, Postgres, Kafka) with short retry delays.
 * `env` overrides the test defaults, e.g. to turn the consumer off.
 */
export async function startTestService(env: Record<string, string> = {}): Promise<TestService> {
  await ensureTestDatabase();
  const { app, url } = await startWebhooks({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    DATABASE_URL: TEST_DATABASE_URL,
    KAFKA_BROKERS: TEST_KAFKA_BROKERS,
    INTERNAL_API_TOKEN: INTERNAL_TOKEN,
    WEBHOOK_CONSUMER_GROUP: 'webhooks-int-test',
    WEBHOOK_RETRY_SCHEDULE: '200ms,400ms,600ms',
    WEBHOOK_RETRY_JITTER: '0.2',
    WEBHOOK_POLL_INTERVAL: '100ms',
    WEBHOOK_TIMEOUT: '2s',
    ...env,
  });
  const db = new DataSource(webhooksDataSourceOptions(TEST_DATABASE_URL));
  await db.initialize();
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
  return {
    app,
    url,
    db,
    api,
    close: async () => {
      await app.close();
      await db.destroy();
    },
  };
}

export function uniqueTenant(label: string): string {
  return `t-${label}-${randomUUID().slice(0, 8)}`;
}

/** A producer that publishes real CloudEvents the way the orders service's outbox relay does. */
export async function orderEventsProducer(): Promise<{ producer: Producer; publish: (e: CloudEvent) => Promise<void>; close: () => Promise<void> }> {
  const kafka = new Kafka({ clientId: 'webhooks-int-test', brokers: TEST_KAFKA_BROKERS.split(','), logLevel: logLevel.WARN });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  return {
    producer,
    publish: async (e) => {
      await producer.send({
        topic: Topics.orderStatusChanged,
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
