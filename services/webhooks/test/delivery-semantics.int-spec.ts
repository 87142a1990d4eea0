import { randomUUID } from 'node:crypto';
import { type CloudEvent, OrderStatus, type OrderStatusChangedV1, Topics } from '@looma-hub/contracts';
import { type ChatDelivery, eventually, type RunningSimulators, sleep, startSimulators, uniqueTenantId } from '@looma-hub/testing';
import { Kafka, logLevel } from 'kafkajs';
import { testEnv } from '@looma-hub/testing';
import { Webhook } from 'standardwebhooks';
import type { DeliveryPage, DeliveryView } from '../src/delivery/dto/delivery.dto';
import type { CreatedEndpointView, EndpointView } from '../src/endpoint/dto/endpoint.dto';
import { orderEventsProducer, orderStatusEvent, startTestService, type TestService } from './support/harness';

jest.setTimeout(120_000);

type SimDelivery = ChatDelivery;

/**
 * Delivery semantics against the chat simulator's receiver (which verifies with the public `standardwebhooks`
 * package): order per aggregate, isolation between endpoints, Retry-After, 410, formats, rotation, the delivery log,
 * bulk replay and the dead letters. Schedule 200/400/600 ms; a request timeout of 1.5 s; two attempts in flight per
 * endpoint and four in all, so an endpoint that hangs would take every slot if isolation were missing.
 */
describe('webhook delivery semantics (Postgres + Kafka + chat simulator)', () => {
  let svc: TestService;
  let sim: RunningSimulators;
  let kafka: Awaited<ReturnType<typeof orderEventsProducer>>;

  beforeAll(async () => {
    [sim, svc, kafka] = await Promise.all([
      startSimulators(),
      startTestService({
        WEBHOOK_TIMEOUT: '1500ms',
        WEBHOOK_DISPATCH_CONCURRENCY: '4',
        WEBHOOK_ENDPOINT_CONCURRENCY: '2',
        WEBHOOK_LEASE_MARGIN: '1s',
      }),
      orderEventsProducer(),
    ]);
  });

  afterAll(async () => {
    await kafka?.close();
    await svc?.close();
    await sim?.stop();
  });

  async function devTenant(prefix: string): Promise<string> {
    const tenantId = uniqueTenantId(prefix);
    const res = await svc.api('PUT', `/internal/tenants/${tenantId}/settings`, { developmentMode: true });
    expect(res.status).toBe(200);
    return tenantId;
  }

  async function endpointFor(
    tenantId: string,
    extra: Record<string, unknown> = {},
    path = 'webhooks',
  ): Promise<{ simEndpoint: string; endpoint: CreatedEndpointView }> {
    const simEndpoint = `ep-${randomUUID().slice(0, 8)}`;
    const created = await svc.api<CreatedEndpointView>('POST', `/internal/tenants/${tenantId}/endpoints`, {
      url: `${sim.baseUrl}/chat/${path}/${simEndpoint}`,
      ...extra,
    });
    expect(created.status).toBe(201);
    await sim.control('PUT', `/_control/chat/endpoints/${simEndpoint}`, { secret: created.body.secret });
    return { simEndpoint, endpoint: created.body };
  }

  const behave = (simEndpoint: string, behaviour: Record<string, unknown>) =>
    sim.control('PUT', `/_control/chat/endpoints/${simEndpoint}/behaviour`, behaviour);

  async function received(simEndpoint: string): Promise<SimDelivery[]> {
    return sim.chatDeliveries(simEndpoint);
  }

  async function deliveries(tenantId: string, query = ''): Promise<DeliveryPage> {
    const res = await svc.api<DeliveryPage>('GET', `/internal/tenants/${tenantId}/deliveries${query}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  async function settledAll(tenantId: string, count: number): Promise<DeliveryView[]> {
    return eventually(
      async () => {
        const { items } = await deliveries(tenantId, '?limit=200');
        return items.length === count && items.every((d) => (d.status === 'delivered' || d.status === 'dead') && d.nextAttemptAt === null)
          ? items
          : undefined;
      },
      { what: `${count} deliveries of ${tenantId} to settle`, timeoutMs: 60_000 },
    );
  }

  function statusEvent(
    tenantId: string,
    orderId: string,
    status: OrderStatus,
    previous: OrderStatus | null,
  ): CloudEvent<OrderStatusChangedV1> {
    const e = orderStatusEvent(tenantId, status, orderId);
    const looma = {
      RECEIVED: 'processing',
      REGISTERED: 'processing',
      COMPLETED: 'finished',
      CANCELLED: 'cancelled',
      FAILED: 'cancelled',
    } as const;
    const omni = {
      RECEIVED: null,
      REGISTERED: 'ORDER_GATEWAY_PROVISIONED',
      COMPLETED: 'DELIVERED',
      CANCELLED: 'CANCELLED',
      FAILED: 'CANCELLED',
    } as const;
    e.data = { ...e.data, previousStatus: previous, loomaStatus: looma[status], omniChatStatus: omni[status] };
    return e;
  }

  it('keeps the order of one order’s events while its first delivery is retried, without holding other orders back', async () => {
    const tenantId = await devTenant('t-wh-order');
    const { simEndpoint } = await endpointFor(tenantId);
    await behave(simEndpoint, { mode: 'fail', status: 500, times: 1 });
    const x = randomUUID();
    const y = randomUUID();
    // X's first event fails once (retried 200 ms later); X's later events must wait for it; Y's event must not.
    for (const e of [
      statusEvent(tenantId, x, OrderStatus.Received, null),
      statusEvent(tenantId, x, OrderStatus.Registered, OrderStatus.Received),
      statusEvent(tenantId, x, OrderStatus.Completed, OrderStatus.Registered),
      statusEvent(tenantId, y, OrderStatus.Completed, OrderStatus.Registered),
    ]) {
      await kafka.publish(e);
    }
    await settledAll(tenantId, 4);
    const got = await received(simEndpoint);
    const ok = got.filter((d) => d.responseStatus === 200);
    const typesOf = (orderId: string) =>
      ok.filter((d) => (d.body as { data: { orderId: string } }).data.orderId === orderId).map((d) => (d.body as { type: string }).type);
    expect(got[0]?.responseStatus).toBe(500);
    expect(typesOf(x)).toEqual(['order.received', 'order.registered', 'order.completed']);
    // Y did not wait behind X's retry: it arrived before X's first event went through.
    const firstXOk = ok.findIndex((d) => (d.body as { data: { orderId: string } }).data.orderId === x);
    const yAt = ok.findIndex((d) => (d.body as { data: { orderId: string } }).data.orderId === y);
    expect(yAt).toBeLessThan(firstXOk);
    expect(got.every((d) => d.signatureValid === true)).toBe(true);
  });

  it('keeps a healthy endpoint on time while another endpoint of the same tenant hangs past the timeout', async () => {
    const tenantId = await devTenant('t-wh-hol');
    const slow = await endpointFor(tenantId);
    const fast = await endpointFor(tenantId);
    await behave(slow.simEndpoint, { mode: 'slow', delayMs: 5_000 });
    const events = Array.from({ length: 12 }, () => orderStatusEvent(tenantId, OrderStatus.Completed));
    const started = Date.now();
    for (const e of events) await kafka.publish(e);
    const fastGot = await eventually(
      async () => {
        const list = await received(fast.simEndpoint);
        return list.filter((d) => d.responseStatus === 200).length === events.length ? list : undefined;
      },
      { what: 'every event at the healthy endpoint', timeoutMs: 30_000 },
    );
    // With four slots in all and the slow endpoint holding its two for 1.5 s per attempt, twelve deliveries to the
    // fast one still arrive well inside one slow timeout; without per-endpoint limits they would queue behind it.
    const lastAt = Math.max(...fastGot.map((d) => Date.parse(d.receivedAt)));
    expect(lastAt - started).toBeLessThan(1_500);
    const slowGot = await received(slow.simEndpoint);
    expect(slowGot.length).toBeLessThanOrEqual(4);
    await behave(slow.simEndpoint, { mode: 'healthy' });
  });

  it('waits as long as a 429’s Retry-After asks (longer than the schedule), for the whole endpoint', async () => {
    const tenantId = await devTenant('t-wh-429');
    const { simEndpoint } = await endpointFor(tenantId);
    await behave(simEndpoint, { mode: 'throttle', status: 429, retryAfterSeconds: 2, times: 1 });
    const first = orderStatusEvent(tenantId, OrderStatus.Completed);
    await kafka.publish(first);
    await eventually(async () => ((await received(simEndpoint)).length ? true : undefined), { what: 'the throttled attempt' });
    const second = orderStatusEvent(tenantId, OrderStatus.Completed);
    await kafka.publish(second);
    await settledAll(tenantId, 2);
    const got = await received(simEndpoint);
    expect(got[0]?.responseStatus).toBe(429);
    const t0 = Date.parse(got[0]!.receivedAt);
    const later = got.slice(1).map((d) => Date.parse(d.receivedAt) - t0);
    expect(later).toHaveLength(2);
    // The schedule alone would retry after ~200 ms; the endpoint asked for 2 s, and the other event waited too.
    for (const ms of later) expect(ms).toBeGreaterThanOrEqual(1_900);
  });

  it('disables an endpoint that answers 410, and tells the tenant by event and through another endpoint', async () => {
    const tenantId = await devTenant('t-wh-410');
    const gone = await endpointFor(tenantId);
    const ops = await endpointFor(tenantId, { events: ['webhook.endpoint.disabled'] });
    await behave(gone.simEndpoint, { mode: 'gone' });
    const listener = new Kafka({ brokers: testEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).consumer({
      groupId: `wh-410-${randomUUID().slice(0, 8)}`,
    });
    const seen: { tenantId: string; endpointId: string; reason: string }[] = [];
    await listener.connect();
    await listener.subscribe({ topic: Topics.webhookEndpointDisabled, fromBeginning: true });
    await listener.run({
      eachMessage: async ({ message }) => {
        const e = JSON.parse(message.value?.toString() ?? '{}') as CloudEvent<{ tenantId: string; endpointId: string; reason: string }>;
        if (e.tenantid === tenantId) seen.push(e.data);
      },
    });
    try {
      await kafka.publish(orderStatusEvent(tenantId, OrderStatus.Completed));
      const ep = await eventually(
        async () => {
          const res = await svc.api<EndpointView>('GET', `/internal/tenants/${tenantId}/endpoints/${gone.endpoint.id}`);
          return res.body.enabled === false ? res.body : undefined;
        },
        { what: 'the endpoint to be disabled' },
      );
      expect(ep.disabledReason).toMatch(/410/);
      expect((await received(gone.simEndpoint)).map((d) => d.responseStatus)).toEqual([410]);
      await eventually(async () => (seen.length ? true : undefined), { what: 'the endpoint-disabled event' });
      expect(seen).toEqual([expect.objectContaining({ tenantId, endpointId: gone.endpoint.id, reason: expect.stringMatching(/410/) })]);
      const told = await eventually(
        async () => {
          const list = (await received(ops.simEndpoint)).filter((d) => d.responseStatus === 200);
          return list.length ? list : undefined;
        },
        { what: 'the operations endpoint to hear of it' },
      );
      expect(told[0]?.body).toMatchObject({ type: 'webhook.endpoint.disabled', data: { endpointId: gone.endpoint.id } });
    } finally {
      await listener.disconnect();
    }
  });

  it('speaks each format: looma cart status, omnichat status change, cloudevents', async () => {
    const tenantId = await devTenant('t-wh-formats');
    const workspaceId = randomUUID();
    const looma = await endpointFor(tenantId, { format: 'looma', options: { workspaceId } });
    const omni = await endpointFor(tenantId, { format: 'omnichat', headers: { Authorization: 'Bearer omni-secret-123' } }, 'omnichat');
    const ce = await endpointFor(tenantId, { format: 'cloudevents' });
    const orderId = randomUUID();
    const events = [
      statusEvent(tenantId, orderId, OrderStatus.Received, null),
      statusEvent(tenantId, orderId, OrderStatus.Registered, OrderStatus.Received),
      statusEvent(tenantId, orderId, OrderStatus.Completed, OrderStatus.Registered),
    ];
    for (const e of events) await kafka.publish(e);
    // looma: processing once (RECEIVED→REGISTERED stays processing), then finished; omnichat: no RECEIVED; cloudevents: all.
    await settledAll(tenantId, 2 + 2 + 3);
    const externalId = events[0]!.data.externalId;
    const loomaGot = await received(looma.simEndpoint);
    expect(loomaGot.map((d) => d.body)).toEqual([
      expect.objectContaining({ workspaceId, cartId: externalId, status: 'processing', orderId }),
      expect.objectContaining({ workspaceId, cartId: externalId, status: 'finished', orderId }),
    ]);
    const omniGot = await received(omni.simEndpoint);
    expect(omniGot.map((d) => [d.orderId, (d.body as { status: string }).status])).toEqual([
      [externalId, 'ORDER_GATEWAY_PROVISIONED'],
      [externalId, 'DELIVERED'],
    ]);
    expect(omniGot[0]?.body).toMatchObject({ responsible: 'Looma Hub', orderGwId: orderId });
    expect(omniGot[0]?.headers.authorization).toBe('Bearer omni-secret-123');
    const ceGot = await received(ce.simEndpoint);
    expect(ceGot.map((d) => d.headers['content-type'])).toEqual(Array(3).fill('application/cloudevents+json'));
    expect(ceGot[2]?.body).toMatchObject({ specversion: '1.0', id: events[2]!.id, type: 'hub.order.completed', subject: orderId });
    for (const d of [...loomaGot, ...omniGot, ...ceGot]) expect(d.signatureValid).toBe(true);
    // Each endpoint signs with its own secret.
    for (const d of [...omniGot, ...ceGot]) expect(() => new Webhook(looma.endpoint.secret).verify(d.rawBody, d.headers)).toThrow();
  });

  it('signs with both secrets while one rotates, so receivers holding either verify; then with the new one only', async () => {
    const tenantId = await devTenant('t-wh-rotate');
    const { simEndpoint, endpoint } = await endpointFor(tenantId);
    const rotated = await svc.api<{ secret: string }>('POST', `/internal/tenants/${tenantId}/endpoints/${endpoint.id}/rotate-secret`, {
      previousValidFor: '1h',
    });
    expect([200, 201]).toContain(rotated.status);
    const next = rotated.body.secret;
    expect(next).toMatch(/^whsec_/);
    await kafka.publish(orderStatusEvent(tenantId, OrderStatus.Completed));
    const [during] = await eventually(async () => {
      const list = await received(simEndpoint);
      return list.length ? list : undefined;
    });
    expect(during?.headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(() => new Webhook(endpoint.secret).verify(during!.rawBody, during!.headers)).not.toThrow();
    expect(() => new Webhook(next).verify(during!.rawBody, during!.headers)).not.toThrow();

    const ended = await svc.api('POST', `/internal/tenants/${tenantId}/endpoints/${endpoint.id}/rotate-secret`, {
      secret: next,
      previousValidFor: '0s',
    });
    expect([200, 201]).toContain(ended.status);
    await sim.control('PUT', `/_control/chat/endpoints/${simEndpoint}`, { secret: next });
    await kafka.publish(orderStatusEvent(tenantId, OrderStatus.Cancelled));
    const after = await eventually(async () => {
      const list = await received(simEndpoint);
      return list.length === 2 ? list[1] : undefined;
    });
    expect(after?.headers['webhook-signature']?.split(' ')).toHaveLength(1);
    expect(after?.signatureValid).toBe(true);
    expect(() => new Webhook(endpoint.secret).verify(after!.rawBody, after!.headers)).toThrow('No matching signature');
  });

  it('logs every attempt with the first bytes of the answer, filters and pages the log, shows dead letters and replays every failure since a time', async () => {
    const tenantId = await devTenant('t-wh-log');
    const { simEndpoint, endpoint } = await endpointFor(tenantId);
    const other = await endpointFor(tenantId);
    await behave(simEndpoint, { mode: 'fail', status: 503 });
    const since = new Date(Date.now() - 1_000).toISOString();
    const events = Array.from({ length: 3 }, () => orderStatusEvent(tenantId, OrderStatus.Completed));
    for (const e of events) await kafka.publish(e);
    await settledAll(tenantId, 6);

    const dead = await svc.api<DeliveryPage>('GET', `/internal/tenants/${tenantId}/dead-letters`);
    expect(dead.body.items.map((d) => d.endpointId)).toEqual(Array(3).fill(endpoint.id));
    const one = dead.body.items[0]!;
    expect(one.attemptLog.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 503],
      [2, 503],
      [3, 503],
      [4, 503],
    ]);
    expect(one.attemptLog[0]?.responseExcerpt).toMatch(/^\{"error"/);
    expect(one.attemptLog[0]?.durationMs).toBeGreaterThanOrEqual(0);
    // The gaps follow the shortened schedule 200/400/600 ms (±20 % jitter).
    const at = one.attemptLog.map((a) => Date.parse(a.attemptedAt));
    [200, 400, 600].forEach((ms, i) => expect(at[i + 1]! - at[i]!).toBeGreaterThanOrEqual(ms * 0.8 - 20));

    const delivered = await deliveries(tenantId, `?status=delivered&endpointId=${other.endpoint.id}&eventType=order.completed`);
    expect(delivered.items).toHaveLength(3);
    const page1 = await deliveries(tenantId, '?limit=4');
    const page2 = await deliveries(tenantId, `?limit=4&cursor=${page1.nextCursor}`);
    expect(page1.items).toHaveLength(4);
    expect(page2.items).toHaveLength(2);
    expect(page2.nextCursor).toBeNull();
    expect(new Set([...page1.items, ...page2.items].map((d) => d.id)).size).toBe(6);
    expect((await svc.api('GET', `/internal/tenants/${tenantId}/deliveries?cursor=nonsense`)).status).toBe(400);

    await behave(simEndpoint, { mode: 'healthy' });
    const replay = await svc.api<{ replayed: number }>('POST', `/internal/tenants/${tenantId}/deliveries/replay`, { since });
    expect(replay.status).toBe(202);
    expect(replay.body.replayed).toBe(3);
    const settled = await settledAll(tenantId, 6);
    expect(settled.every((d) => d.status === 'delivered')).toBe(true);
    expect((await svc.api<DeliveryPage>('GET', `/internal/tenants/${tenantId}/dead-letters`)).body.items).toEqual([]);
    // Replayed with the same webhook-id as the failed attempts: receivers dedupe on it.
    const got = await received(simEndpoint);
    const ids = new Set(got.map((d) => d.webhookId));
    expect(ids.size).toBe(3);
    expect((await svc.api('POST', `/internal/tenants/${tenantId}/deliveries/replay`, { since: 'yesterday' })).status).toBe(400);
    await sleep(0);
  });
});
