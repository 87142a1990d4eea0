import { randomUUID } from 'node:crypto';
import { type CloudEvent, type LoomaProductOfferedV1, OrderStatus, Topics } from '@looma-hub/contracts';
import { kafkaMessagesConsumed } from '@looma-hub/platform';
import { eventually, type RunningSimulators, startSimulators, uniqueTenantId } from '@looma-hub/testing';
import { Webhook } from 'standardwebhooks';
import type { DeliveryView } from '../src/delivery/dto/delivery.dto';
import type { CreatedEndpointView, EndpointView } from '../src/endpoint/dto/endpoint.dto';
import { developmentMode, orderEventsProducer, orderStatusEvent, processed, startTestService, type TestService } from './support/harness';

jest.setTimeout(90_000);

/**
 * The outbound path end to end: a real CloudEvent on the order-status topic → the consumer queues a delivery →
 * the dispatcher signs and POSTs it → the chat simulator verifies the signature and records it.
 */
describe('outbound webhook delivery (Postgres + Kafka + chat simulator)', () => {
  let svc: TestService;
  let sim: RunningSimulators;
  let kafka: Awaited<ReturnType<typeof orderEventsProducer>>;

  beforeAll(async () => {
    [sim, svc, kafka] = await Promise.all([
      startSimulators(),
      startTestService({ WEBHOOK_DISABLE_AFTER_DEAD: '2', WEBHOOK_TIMEOUT: '1500ms' }),
      orderEventsProducer(),
    ]);
  });

  afterAll(async () => {
    await kafka?.close();
    await svc?.close();
    await sim?.stop();
  });

  /** A hub endpoint pointing at a fresh simulator receiver that checks our signature and custom header. */
  async function endpointFor(tenantId: string, extra: { events?: string[] } = {}) {
    await developmentMode(svc, tenantId);
    const simEndpoint = `ep-${randomUUID().slice(0, 8)}`;
    const created = await svc.api<CreatedEndpointView>('POST', `/internal/tenants/${tenantId}/endpoints`, {
      url: `${sim.baseUrl}/chat/webhooks/${simEndpoint}`,
      headers: { 'X-Chat-Token': `token-${simEndpoint}` },
      ...extra,
    });
    expect(created.status).toBe(201);
    await sim.control('PUT', `/_control/chat/endpoints/${simEndpoint}`, {
      secret: created.body.secret,
      expectedHeaders: { 'x-chat-token': `token-${simEndpoint}` },
    });
    return { simEndpoint, endpoint: created.body };
  }

  async function deliveriesOf(tenantId: string, query = ''): Promise<DeliveryView[]> {
    const res = await svc.api<{ items: DeliveryView[] }>('GET', `/internal/tenants/${tenantId}/deliveries${query}`);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  /** Every delivery of the tenant is final: delivered or dead, with no attempt scheduled. */
  async function settledAll(tenantId: string): Promise<DeliveryView[]> {
    return eventually(
      async () => {
        const list = await deliveriesOf(tenantId);
        return list.length && list.every((d) => (d.status === 'delivered' || d.status === 'dead') && d.nextAttemptAt === null)
          ? list
          : undefined;
      },
      { what: `the deliveries of ${tenantId} to settle` },
    );
  }

  async function settled(tenantId: string, id: string, status: DeliveryView['status'], timeoutMs = 20_000): Promise<DeliveryView> {
    return eventually(
      async () => {
        const res = await svc.api<DeliveryView>('GET', `/internal/tenants/${tenantId}/deliveries/${id}`);
        return res.body.status === status ? res.body : undefined;
      },
      { what: `delivery ${id} to be ${status}`, timeoutMs },
    );
  }

  it('delivers one order status change as exactly one signed webhook', async () => {
    const tenantId = uniqueTenantId('t-wh-deliver');
    const { simEndpoint, endpoint } = await endpointFor(tenantId);
    const event = orderStatusEvent(tenantId, OrderStatus.Completed);
    await kafka.publish(event);

    const received = await eventually(
      async () => {
        const list = await sim.chatDeliveries(simEndpoint);
        return list.length ? list : undefined;
      },
      { what: 'the simulator to receive the webhook' },
    );
    // Settled: delivered after one logged attempt, nothing scheduled, so no second POST can follow.
    await settledAll(tenantId);
    const all = await sim.chatDeliveries(simEndpoint);
    expect(all).toHaveLength(1);
    const [got] = received;
    expect(got?.signatureValid).toBe(true);
    expect(got?.headersValid).toBe(true);
    expect(got?.body).toEqual({
      type: 'order.completed',
      timestamp: event.time,
      data: { ...event.data, tenantId, eventId: event.id },
    });

    const [delivery] = await deliveriesOf(tenantId);
    expect(delivery).toMatchObject({
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: 'order.completed',
      subject: event.subject,
      status: 'delivered',
      attempts: 1,
    });
    expect(got?.webhookId).toBe(delivery?.id);
    expect(delivery?.attemptLog).toEqual([expect.objectContaining({ cycle: 1, attempt: 1, statusCode: 200, error: null })]);
    // The receiver can verify independently with the secret it was given once.
    expect(() => new Webhook(endpoint.secret).verify(got!.rawBody, got!.headers)).not.toThrow();
  });

  it('creates one delivery for a duplicated Kafka event', async () => {
    const tenantId = uniqueTenantId('t-wh-dup');
    const { simEndpoint } = await endpointFor(tenantId);
    const duplicates = async () =>
      (await kafkaMessagesConsumed.get()).values.find((v) => v.labels.group === svc.groupId && v.labels.outcome === 'duplicate')?.value ??
      0;
    const before = await duplicates();
    const event = orderStatusEvent(tenantId, OrderStatus.Cancelled);
    await kafka.publish(event);
    await kafka.publish(event);
    await eventually(async () => ((await sim.chatDeliveries(simEndpoint)).length ? true : undefined), { what: 'the webhook' });
    // A later event of the same order (same key → same partition) is processed after both copies.
    const marker = orderStatusEvent(tenantId, OrderStatus.Completed, event.data.orderId);
    await kafka.publish(marker);
    await eventually(async () => ((await processed(svc, [marker.id])) ? true : undefined), { what: 'the marker event' });
    // The copy really reached the consumer, which absorbed it.
    expect((await duplicates()) - before).toBe(1);
    await settledAll(tenantId);
    const mine = await deliveriesOf(tenantId, `?subject=${event.data.orderId}`);
    expect(mine.map((d) => d.eventId).sort()).toEqual([event.id, marker.id].sort());
    const sims = await sim.chatDeliveries(simEndpoint);
    expect(sims.map((d) => (d.body as { data: { eventId: string } }).data.eventId).sort()).toEqual([event.id, marker.id].sort());
  });

  it('delivers only the event types an endpoint subscribed to, only to the event tenant, only after it was registered', async () => {
    const tenantId = uniqueTenantId('t-wh-filter');
    const other = uniqueTenantId('t-wh-other');
    const completedOnly = await endpointFor(tenantId, { events: ['order.completed'] });
    const everything = await endpointFor(tenantId, { events: ['order.*'] });
    const otherTenant = await endpointFor(other);
    // An event from before the endpoints existed (a topic re-read) is not sent to them.
    const history = orderStatusEvent(tenantId, OrderStatus.Completed);
    history.time = new Date(Date.now() - 3_600_000).toISOString();
    await kafka.publish(history);
    const cancelled = orderStatusEvent(tenantId, OrderStatus.Cancelled);
    await kafka.publish(cancelled);
    const completed = orderStatusEvent(tenantId, OrderStatus.Completed);
    await kafka.publish(completed);
    // All three events processed: the deliveries each one makes are written with it, so the set below is final.
    await eventually(async () => ((await processed(svc, [history.id, cancelled.id, completed.id])) ? true : undefined), {
      what: 'the three events to be processed',
    });
    await settledAll(tenantId);
    const all = await sim.chatDeliveries(everything.simEndpoint);
    expect(all.map((d) => (d.body as { data: { eventId: string } }).data.eventId).sort()).toEqual([cancelled.id, completed.id].sort());
    const only = await sim.chatDeliveries(completedOnly.simEndpoint);
    expect(only.map((d) => (d.body as { type: string }).type)).toEqual(['order.completed']);
    expect(only.map((d) => (d.body as { data: { eventId: string } }).data.eventId)).toEqual([completed.id]);
    expect((await deliveriesOf(tenantId)).map((d) => d.eventId)).not.toContain(history.id);
    expect(await sim.chatDeliveries(otherTenant.simEndpoint)).toEqual([]);
    expect(await deliveriesOf(other)).toEqual([]);
  });

  it('delivers the Looma catalog stream (looma.product.changed) only to endpoints that name it, never through * or no filter', async () => {
    const tenantId = uniqueTenantId('t-wh-looma');
    const looma = await endpointFor(tenantId, { events: ['looma.product.changed'] });
    const star = await endpointFor(tenantId, { events: ['*'] });
    const unfiltered = await endpointFor(tenantId);
    const at = new Date().toISOString();
    const message = {
      workspaceId: randomUUID(),
      product: {
        id: 'P-1',
        description: 'Café Pilão 500g',
        code: null,
        manufactory: 'JDE',
        price: 1899,
        stock: 4,
        promotionPrice: null,
        promotionStart: null,
        promotionEnd: null,
      },
    };
    const offer: CloudEvent<LoomaProductOfferedV1> = {
      specversion: '1.0',
      id: randomUUID(),
      source: 'looma-hub/catalog-sync',
      type: 'looma.product.changed',
      subject: randomUUID(),
      time: at,
      datacontenttype: 'application/json',
      tenantid: tenantId,
      data: { productId: randomUUID(), externalId: 'P-1', messages: [message] },
    };
    await kafka.publish(offer, Topics.loomaProductOffered);
    await kafka.publish(offer, Topics.loomaProductOffered);
    const completed = orderStatusEvent(tenantId, OrderStatus.Completed);
    await kafka.publish(completed);
    await eventually(async () => ((await processed(svc, [offer.id, completed.id])) ? true : undefined), { what: 'both events processed' });
    await settledAll(tenantId);
    const got = await sim.chatDeliveries<{ type: string; data: { externalId: string; messages: unknown[] } }>(looma.simEndpoint);
    expect(got.map((d) => [d.body.type, d.body.data.externalId, d.body.data.messages])).toEqual([
      ['looma.product.changed', 'P-1', [message]],
    ]);
    expect(got[0]?.signatureValid).toBe(true);
    for (const e of [star, unfiltered]) {
      expect((await sim.chatDeliveries<{ type: string }>(e.simEndpoint)).map((d) => d.body.type)).toEqual(['order.completed']);
    }
  });

  it('retries a failing receiver and delivers on the 3rd attempt, with 3 attempts logged', async () => {
    const tenantId = uniqueTenantId('t-wh-retry');
    const { simEndpoint, endpoint } = await endpointFor(tenantId);
    await sim.control('POST', '/_control/faults', { partner: 'chat', path: `/chat/webhooks/${simEndpoint}`, status: 503, times: 2 });
    await kafka.publish(orderStatusEvent(tenantId, OrderStatus.Completed));

    const [queued] = await eventually(
      async () => {
        const list = await deliveriesOf(tenantId);
        return list.length ? list : undefined;
      },
      { what: 'the delivery to be queued' },
    );
    const done = await settled(tenantId, queued!.id, 'delivered');
    expect(done.attempts).toBe(3);
    expect(done.attemptLog.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ]);
    expect(done.attemptLog[0]?.error).toMatch(/^HTTP 503/);
    // The retries waited for the schedule (200 ms, then 400 ms, ±20%).
    const times = done.attemptLog.map((a) => Date.parse(a.attemptedAt));
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(150);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(300);
    const got = await sim.chatDeliveries(simEndpoint);
    expect(got).toHaveLength(1);
    expect(got[0]?.webhookId).toBe(done.id);
    const ep = await svc.api<EndpointView>('GET', `/internal/tenants/${tenantId}/endpoints/${endpoint.id}`);
    expect(ep.body).toMatchObject({ enabled: true, consecutiveFailures: 0, failingSince: null });
  });

  it('counts a receiver that does not answer in time as a failed attempt', async () => {
    const tenantId = uniqueTenantId('t-wh-timeout');
    const { simEndpoint } = await endpointFor(tenantId);
    await sim.control('POST', '/_control/faults', { partner: 'chat', path: `/chat/webhooks/${simEndpoint}`, timeout: true, times: 1 });
    await kafka.publish(orderStatusEvent(tenantId, OrderStatus.Completed));
    const [queued] = await eventually(
      async () => {
        const list = await deliveriesOf(tenantId);
        return list.length ? list : undefined;
      },
      { what: 'the delivery to be queued' },
    );
    const done = await settled(tenantId, queued!.id, 'delivered');
    expect(done.attemptLog.map((a) => a.statusCode)).toEqual([null, 200]);
    expect(done.attemptLog[0]?.error).toBe('timed out after 1500 ms');
    expect(done.attemptLog[0]?.durationMs).toBeGreaterThanOrEqual(1_400);
    expect(await sim.chatDeliveries(simEndpoint)).toHaveLength(1);
  });

  it('replays a delivered webhook as a new cycle with the same webhook-id', async () => {
    const tenantId = uniqueTenantId('t-wh-replay');
    const { simEndpoint } = await endpointFor(tenantId);
    await kafka.publish(orderStatusEvent(tenantId, OrderStatus.Completed));
    const [queued] = await eventually(
      async () => {
        const list = await deliveriesOf(tenantId);
        return list.length ? list : undefined;
      },
      { what: 'the delivery' },
    );
    await settled(tenantId, queued!.id, 'delivered');

    const replay = await svc.api<DeliveryView>('POST', `/internal/tenants/${tenantId}/deliveries/${queued!.id}/replay`);
    expect(replay.status).toBe(202);
    expect(replay.body.cycle).toBe(2);
    const again = await eventually(
      async () => {
        const res = await svc.api<DeliveryView>('GET', `/internal/tenants/${tenantId}/deliveries/${queued!.id}`);
        return res.body.status === 'delivered' && res.body.cycle === 2 ? res.body : undefined;
      },
      { what: 'the replay to be delivered' },
    );
    expect(again.attemptLog.map((a) => [a.cycle, a.attempt, a.statusCode])).toEqual([
      [1, 1, 200],
      [2, 1, 200],
    ]);
    const got = await sim.chatDeliveries(simEndpoint);
    expect(got.map((d) => [d.webhookId, d.signatureValid, d.duplicate])).toEqual([
      [queued!.id, true, false],
      [queued!.id, true, true],
    ]);

    const otherTenant = await svc.api('POST', `/internal/tenants/${uniqueTenantId('t-wh-intruder')}/deliveries/${queued!.id}/replay`);
    expect(otherTenant.status).toBe(404);
  });

  it('gives up after the schedule, disables the endpoint after repeated dead deliveries, and resumes on enable + replay', async () => {
    const tenantId = uniqueTenantId('t-wh-dead');
    const { simEndpoint, endpoint } = await endpointFor(tenantId);
    const fault = await sim.control<{ id: string }>('POST', '/_control/faults', {
      partner: 'chat',
      path: `/chat/webhooks/${simEndpoint}`,
      status: 500,
    });
    const first = orderStatusEvent(tenantId, OrderStatus.Completed);
    await kafka.publish(first);
    const [d1] = await eventually(
      async () => {
        const list = await deliveriesOf(tenantId);
        return list.length ? list : undefined;
      },
      { what: 'the first delivery' },
    );
    const dead = await settled(tenantId, d1!.id, 'dead');
    expect(dead.attempts).toBe(4);
    expect(dead.attemptLog.map((a) => a.statusCode)).toEqual([500, 500, 500, 500]);
    expect(dead.nextAttemptAt).toBeNull();
    let ep = await svc.api<EndpointView>('GET', `/internal/tenants/${tenantId}/endpoints/${endpoint.id}`);
    expect(ep.body).toMatchObject({ enabled: true, consecutiveDead: 1, consecutiveFailures: 4 });

    await kafka.publish(orderStatusEvent(tenantId, OrderStatus.Cancelled));
    ep = await eventually(
      async () => {
        const res = await svc.api<EndpointView>('GET', `/internal/tenants/${tenantId}/endpoints/${endpoint.id}`);
        return res.body.enabled ? undefined : res;
      },
      { what: 'the endpoint to be disabled' },
    );
    expect(ep.body.disabledReason).toMatch(/2 deliveries in a row failed every attempt/);
    expect(ep.body.disabledAt).not.toBeNull();

    // Disabled: new events queue nothing, and a replay is refused with a reason.
    const third = orderStatusEvent(tenantId, OrderStatus.Completed);
    await kafka.publish(third);
    const marker = await endpointFor(tenantId);
    await kafka.publish(orderStatusEvent(tenantId, OrderStatus.Completed, third.data.orderId));
    await eventually(async () => ((await sim.chatDeliveries(marker.simEndpoint)).length >= 1 ? true : undefined), {
      what: 'a later event to reach another endpoint',
    });
    expect((await deliveriesOf(tenantId, `?endpointId=${endpoint.id}`)).map((d) => d.eventId)).not.toContain(third.id);
    const refused = await svc.api<{ code: string }>('POST', `/internal/tenants/${tenantId}/deliveries/${d1!.id}/replay`);
    expect(refused.status).toBe(409);
    expect(refused.contentType).toMatch(/application\/problem\+json/);
    expect(refused.body.code).toBe('endpoint.disabled');

    await sim.control('DELETE', `/_control/faults/${fault.id}`);
    const enabled = await svc.api<EndpointView>('PATCH', `/internal/tenants/${tenantId}/endpoints/${endpoint.id}`, { enabled: true });
    expect(enabled.body).toMatchObject({ enabled: true, disabledAt: null, disabledReason: null, consecutiveDead: 0 });
    expect((await svc.api('POST', `/internal/tenants/${tenantId}/deliveries/${d1!.id}/replay`)).status).toBe(202);
    const revived = await eventually(
      async () => {
        const res = await svc.api<DeliveryView>('GET', `/internal/tenants/${tenantId}/deliveries/${d1!.id}`);
        return res.body.status === 'delivered' ? res.body : undefined;
      },
      { what: 'the replayed dead delivery to be delivered' },
    );
    expect(revived.cycle).toBe(2);
    expect(revived.attemptLog.filter((a) => a.cycle === 2).map((a) => a.statusCode)).toEqual([200]);
    const got = await sim.chatDeliveries(simEndpoint);
    expect(got.map((d) => d.webhookId)).toEqual([d1!.id]);
  });
});
