import { randomUUID } from 'node:crypto';
import { OrderStatus, Topics } from '@looma-hub/contracts';
import { OutboxWriter, runMigrations, schemaDrift } from '@looma-hub/platform';
import { ensureTestDatabase, testEnv, uniqueTenantId } from '@looma-hub/testing';
import { DataSource } from 'typeorm';
import { ordersDataSourceOptions } from '../src/database/data-source';
import { InvalidTransitionError } from '../src/order/domain/order';
import { OrderService } from '../src/order/order.service';

/** The order store against the real Postgres: idempotent writes, atomic status + history + outbox. */
describe('orders: order store', () => {
  let ds: DataSource;
  let orders: OrderService;

  beforeAll(async () => {
    await ensureTestDatabase(testEnv().DATABASE_URL);
    ds = new DataSource(ordersDataSourceOptions(testEnv().DATABASE_URL));
    await runMigrations(ds);
    orders = new OrderService(ds, new OutboxWriter('orders', 'looma-hub/orders'));
  }, 60_000);

  afterAll(async () => {
    await ds?.destroy();
  });

  const draft = (tenantId: string, orderId = randomUUID()) => ({
    tenantId,
    orderId,
    order: {
      channel: 'api' as const,
      externalId: `ext-${orderId.slice(0, 8)}`,
      customer: { name: 'Maria', document: '52998224725' },
      lines: [{ productId: 'P-1', quantity: 2, unitPriceCents: 1990 }],
      totalCents: 3980,
    },
  });

  const outboxFor = async (orderId: string) =>
    (await ds.query(`SELECT topic, payload FROM orders.outbox WHERE payload->>'subject' = $1 ORDER BY created_at`, [orderId])) as {
      topic: string;
      payload: { data: { status: string; previousStatus: string; loomaStatus: string } };
    }[];

  it('entities and migrations agree (no drift)', async () => {
    expect(await schemaDrift(ds)).toEqual([]);
  });

  it('records an order once, however often the activity runs', async () => {
    const input = draft(uniqueTenantId());
    expect(await orders.recordReceived(input)).toEqual({ created: true });
    expect(await orders.recordReceived(input)).toEqual({ created: false });
    const view = await orders.find(input.tenantId, input.orderId);
    expect(view?.status).toBe(OrderStatus.Received);
    expect(view?.history.map((h) => h.status)).toEqual([OrderStatus.Received]);
    expect(view?.totalCents).toBe(3980);
  });

  it('moves status, appends history and writes exactly one event per change, atomically', async () => {
    const input = draft(uniqueTenantId());
    await orders.recordReceived(input);
    expect(
      await orders.transition({ tenantId: input.tenantId, orderId: input.orderId, status: OrderStatus.Registered, retailerSaleId: 'S-9' }),
    ).toEqual({
      changed: true,
    });
    // A retried activity repeats the call: nothing changes, nothing is emitted.
    expect(
      await orders.transition({ tenantId: input.tenantId, orderId: input.orderId, status: OrderStatus.Registered, retailerSaleId: 'S-9' }),
    ).toEqual({
      changed: false,
    });
    const view = await orders.find(input.tenantId, input.orderId);
    expect(view?.status).toBe(OrderStatus.Registered);
    expect(view?.retailerSaleId).toBe('S-9');
    expect(view?.history.map((h) => h.status)).toEqual([OrderStatus.Received, OrderStatus.Registered]);
    const events = await outboxFor(input.orderId);
    expect(events).toHaveLength(1);
    expect(events[0]?.topic).toBe(Topics.orderStatusChanged);
    expect(events[0]?.payload.data).toMatchObject({ status: 'REGISTERED', previousStatus: 'RECEIVED', loomaStatus: 'processing' });
  });

  it('refuses an impossible transition and writes nothing', async () => {
    const input = draft(uniqueTenantId());
    await orders.recordReceived(input);
    await orders.transition({ tenantId: input.tenantId, orderId: input.orderId, status: OrderStatus.Failed, reason: 'x' });
    await expect(
      orders.transition({ tenantId: input.tenantId, orderId: input.orderId, status: OrderStatus.Registered }),
    ).rejects.toBeInstanceOf(InvalidTransitionError);
    const view = await orders.find(input.tenantId, input.orderId);
    expect(view?.status).toBe(OrderStatus.Failed);
    expect(await outboxFor(input.orderId)).toHaveLength(1);
  });

  it('isolates tenants: another tenant cannot read or move the order', async () => {
    const input = draft(uniqueTenantId());
    await orders.recordReceived(input);
    expect(await orders.find('someone-else', input.orderId)).toBeNull();
    await expect(orders.transition({ tenantId: 'someone-else', orderId: input.orderId, status: OrderStatus.Registered })).rejects.toThrow(
      /not found/,
    );
  });
});
