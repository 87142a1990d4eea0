import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { type CloudEvent, eventKey, inboundTopic, type InboundWebhookReceivedV1, OrderStatus, Topics } from '@looma-hub/contracts';
import {
  createTestDatabase,
  eventPublisher,
  type TestDatabase,
  testEnv,
  uniqueTenantId,
  waitFor,
  waitForConsumerGroup,
} from '@looma-hub/testing';
import { DataSource } from 'typeorm';
import { startOrders } from '../src/main';
import { OrderService } from '../src/order/order.service';

jest.setTimeout(60_000);

const TOKEN = 'orders-int-sales-token-0123456789';
const TOPIC = inboundTopic('retailer');

/**
 * The retailer's sale webhooks as the webhooks service publishes them (`hub.inbound.retailer.v1`, real Kafka) reaching
 * the orders service's consumer (real Postgres): the order follows through the saga's own transition, once; what it
 * cannot act on is skipped, not dead-lettered. "Handled" is the event's processed-message row, written in the same
 * transaction as any change it made (a dead-lettered event has none).
 */
describe('orders: the retailer completes or cancels a sale', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let orders: OrderService;
  let publisher: Awaited<ReturnType<typeof eventPublisher>>;
  const groupId = `orders-int-sales-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    db = await createTestDatabase('ordsales');
    const env = testEnv();
    ({ app } = await startOrders({
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      HTTP_PORT: '0',
      DATABASE_URL: db.url,
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
      TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
      INTERNAL_API_TOKEN: TOKEN,
      ORDERS_CONSUMER_GROUP: groupId,
      ORDERS_CONSUMER_FROM_BEGINNING: 'false',
    }));
    ds = app.get(DataSource);
    orders = app.get(OrderService);
    await waitForConsumerGroup({
      databaseUrl: db.url,
      schema: 'orders',
      groupId,
      topic: TOPIC,
      probe: () => webhook('t-probe', { type: 'probe' }),
    });
    publisher = await eventPublisher();
  }, 120_000);

  afterAll(async () => {
    await publisher?.close();
    await app?.close();
    await db?.drop();
  });

  /** An order the saga placed and registered as `saleId` (the production store, as the activities call it). */
  async function registeredOrder(tenantId: string, saleId: string): Promise<string> {
    const orderId = randomUUID();
    await orders.recordReceived({
      tenantId,
      orderId,
      order: {
        channel: 'api',
        externalId: `ext-${orderId.slice(0, 8)}`,
        customer: { name: 'Maria', document: '52998224725' },
        lines: [{ productId: 'P-1', quantity: 1, unitPriceCents: 1990 }],
        totalCents: 1990,
      },
    });
    await orders.transition({ tenantId, orderId, status: OrderStatus.Registered, retailerSaleId: saleId });
    return orderId;
  }

  /** The CloudEvent the webhooks service publishes for a verified retailer webhook. */
  function webhook(
    tenantId: string,
    payload: Record<string, unknown>,
    webhookId = `msg_${randomUUID()}`,
  ): CloudEvent<InboundWebhookReceivedV1> {
    const now = new Date().toISOString();
    return {
      specversion: '1.0',
      id: randomUUID(),
      source: 'looma-hub/webhooks',
      type: TOPIC,
      subject: webhookId,
      time: now,
      datacontenttype: 'application/json',
      tenantid: tenantId,
      data: {
        tenantId,
        source: 'retailer',
        webhookId,
        sentAt: now,
        receivedAt: now,
        type: typeof payload.type === 'string' ? payload.type : null,
        payload,
      },
    };
  }

  const sale = (type: 'sale.completed' | 'sale.cancelled', saleId: string, orderId: string) => ({
    type,
    timestamp: new Date().toISOString(),
    data: {
      saleId,
      orderId,
      tenantId: null,
      status: type === 'sale.completed' ? 'completed' : 'cancelled',
      occurredAt: new Date().toISOString(),
    },
  });

  async function deliver(...events: CloudEvent<InboundWebhookReceivedV1>[]): Promise<void> {
    for (const e of events) await publisher.publish(TOPIC, eventKey(e.tenantid, `retailer:${e.data?.webhookId}`), e);
    await waitFor(
      async () =>
        (
          (await ds.query(`SELECT count(*)::int AS n FROM orders.processed_message WHERE consumer_group = $1 AND message_id = ANY($2)`, [
            groupId,
            events.map((e) => e.id),
          ])) as { n: number }[]
        )[0]?.n,
      { until: (n) => n === events.length, timeoutMs: 30_000, what: `${events.length} sale events handled` },
    );
  }

  const statusEvents = async (orderId: string) =>
    (
      (await ds.query(`SELECT payload FROM orders.outbox WHERE topic = $1 AND payload->>'subject' = $2 ORDER BY created_at, id`, [
        Topics.orderStatusChanged,
        orderId,
      ])) as { payload: { data: { status: string; previousStatus: string; reason?: string } } }[]
    ).map((r) => r.payload.data);

  it('sale.completed moves the order to COMPLETED once: history, one status event; a redelivery and a resend change nothing', async () => {
    const tenantId = uniqueTenantId('t-ord-sale');
    const orderId = await registeredOrder(tenantId, 'S-100');
    const completed = webhook(tenantId, sale('sale.completed', 'S-100', orderId));
    await deliver(completed);

    const view = await orders.find(tenantId, orderId);
    expect(view?.status).toBe(OrderStatus.Completed);
    expect(view?.history.map((h) => [h.status, h.reason ?? null])).toEqual([
      ['RECEIVED', null],
      ['REGISTERED', null],
      ['COMPLETED', 'sale completed in the retailer'],
    ]);
    // The same event again (a Kafka redelivery), known to be handled once a marker behind it on its key is; then the
    // retailer resending under another webhook id.
    const key = eventKey(tenantId, `retailer:${completed.data?.webhookId}`);
    await publisher.publish(TOPIC, key, completed);
    await deliver(webhook(tenantId, { type: 'marker' }, completed.data?.webhookId));
    const resent = webhook(tenantId, sale('sale.completed', 'S-100', orderId));
    await deliver(resent);
    expect((await orders.find(tenantId, orderId))?.history).toHaveLength(3);
    expect(await statusEvents(orderId)).toEqual([
      expect.objectContaining({ status: 'REGISTERED' }),
      expect.objectContaining({ status: 'COMPLETED', previousStatus: 'REGISTERED', reason: 'sale completed in the retailer' }),
    ]);
  });

  it('sale.cancelled moves a registered order to CANCELLED', async () => {
    const tenantId = uniqueTenantId('t-ord-cancel');
    const orderId = await registeredOrder(tenantId, 'S-200');
    await deliver(webhook(tenantId, sale('sale.cancelled', 'S-200', orderId)));
    expect((await orders.find(tenantId, orderId))?.status).toBe(OrderStatus.Cancelled);
    expect((await statusEvents(orderId)).map((e) => e.status)).toEqual(['REGISTERED', 'CANCELLED']);
  });

  it('skips, without retrying or dead-lettering, what it cannot act on; the events after them are handled', async () => {
    const tenantId = uniqueTenantId('t-ord-skip');
    const cancelledOrder = await registeredOrder(tenantId, 'S-300');
    await deliver(webhook(tenantId, sale('sale.cancelled', 'S-300', cancelledOrder)));
    const otherTenant = await registeredOrder(uniqueTenantId('t-ord-other'), 'S-301');
    const wrongSale = await registeredOrder(tenantId, 'S-302');
    const target = await registeredOrder(tenantId, 'S-303');

    await deliver(
      // CANCELLED → COMPLETED is not a transition.
      webhook(tenantId, sale('sale.completed', 'S-300', cancelledOrder)),
      // An order id no order has, and one that is not even a UUID.
      webhook(tenantId, sale('sale.completed', 'S-9', randomUUID())),
      webhook(tenantId, sale('sale.completed', 'S-9', 'order-push')),
      // Another tenant's order: this tenant's source signed it, so it is not theirs to move.
      webhook(tenantId, sale('sale.completed', 'S-301', otherTenant)),
      // The right order, another sale's id.
      webhook(tenantId, sale('sale.completed', 'S-999', wrongSale)),
      // Types it does not handle, and a malformed sale.
      webhook(tenantId, { type: 'stock.changed', data: { sku: 'X' } }),
      webhook(tenantId, { type: 'sale.completed', data: { saleId: 'S-303' } }),
      // Then a good one, in the same partition order.
      webhook(tenantId, sale('sale.completed', 'S-303', target)),
    );

    expect((await orders.find(tenantId, cancelledOrder))?.status).toBe(OrderStatus.Cancelled);
    expect((await orders.find(tenantId, wrongSale))?.status).toBe(OrderStatus.Registered);
    expect((await statusEvents(otherTenant)).map((e) => e.status)).toEqual(['REGISTERED']);
    expect((await orders.find(tenantId, target))?.status).toBe(OrderStatus.Completed);
    expect((await statusEvents(cancelledOrder)).map((e) => e.status)).toEqual(['REGISTERED', 'CANCELLED']);
  });
});
