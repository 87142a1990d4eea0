import { randomUUID } from 'node:crypto';
import { OrderStatus } from '@looma-hub/contracts';
import {
  createTestDatabase,
  ensureTestDatabase,
  eventually,
  freePort,
  type RunningSimulators,
  type ServiceProcess,
  startProcess,
  startSimulators,
  testEnv,
  uniqueTenantId,
} from '@looma-hub/testing';
import { DataSource } from 'typeorm';
import { webhooksDataSourceOptions } from '../src/database/data-source';
import type { DeliveryPage } from '../src/delivery/dto/delivery.dto';
import type { CreatedEndpointView } from '../src/endpoint/dto/endpoint.dto';
import { INTERNAL_TOKEN, orderEventsProducer, orderStatusEvent } from './support/harness';

jest.setTimeout(180_000);

/**
 * The webhooks service as a real process, killed with SIGKILL while attempts are in flight (the receiver answers
 * slowly): a second process takes over once the leases run out. Nothing is lost, and what arrives twice carries the
 * same webhook-id (at least once).
 */
describe('webhooks killed mid-delivery', () => {
  let sim: RunningSimulators;
  let db: { url: string; drop: () => Promise<void> };
  let ds: DataSource;
  const procs: ServiceProcess[] = [];

  beforeAll(async () => {
    await ensureTestDatabase();
    [sim, db] = await Promise.all([startSimulators(), createTestDatabase('wh')]);
    ds = new DataSource(webhooksDataSourceOptions(db.url));
  });

  afterAll(async () => {
    for (const p of procs) await p.kill();
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
    await sim?.stop();
  });

  async function start(name: string, groupId: string): Promise<ServiceProcess> {
    const port = await freePort();
    const p = await startProcess({
      name,
      entry: 'services/webhooks/src/main.ts',
      port,
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        HTTP_HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        DATABASE_POOL_SIZE: '5',
        KAFKA_BROKERS: testEnv().KAFKA_BROKERS,
        INTERNAL_API_TOKEN: INTERNAL_TOKEN,
        WEBHOOK_CONSUMER_GROUP: groupId,
        WEBHOOK_CONSUMER_FROM_BEGINNING: 'false',
        WEBHOOK_RETRY_SCHEDULE: '200ms,400ms,600ms',
        WEBHOOK_POLL_INTERVAL: '100ms',
        WEBHOOK_TIMEOUT: '3s',
        WEBHOOK_LEASE_MARGIN: '1s',
      },
    });
    procs.push(p);
    return p;
  }

  const api = async <T>(base: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'x-internal-token': INTERNAL_TOKEN, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as T };
  };

  it('loses nothing and resends only with the same webhook-id', async () => {
    const groupId = `webhooks-crash-${randomUUID().slice(0, 8)}`;
    const first = await start('webhooks-crash-1', groupId);
    const tenantId = uniqueTenantId('t-wh-crash');
    expect((await api(first.url, 'PUT', `/internal/tenants/${tenantId}/settings`, { developmentMode: true })).status).toBe(200);
    const simEndpoint = `ep-${randomUUID().slice(0, 8)}`;
    const created = await api<CreatedEndpointView>(first.url, 'POST', `/internal/tenants/${tenantId}/endpoints`, {
      url: `${sim.baseUrl}/chat/webhooks/${simEndpoint}`,
    });
    expect(created.status).toBe(201);
    await sim.control('PUT', `/_control/chat/endpoints/${simEndpoint}`, { secret: created.body.secret });
    await sim.control('PUT', `/_control/chat/endpoints/${simEndpoint}/behaviour`, { mode: 'slow', delayMs: 1_500 });

    const kafka = await orderEventsProducer();
    const events = Array.from({ length: 6 }, () => orderStatusEvent(tenantId, OrderStatus.Completed));
    try {
      // The consumer joins a little after the process is ready: publish until the first event is queued.
      await eventually(
        async () => {
          await kafka.publish(events[0]!);
          const list = await api<DeliveryPage>(first.url, 'GET', `/internal/tenants/${tenantId}/deliveries`);
          return list.body.items.length ? true : undefined;
        },
        { what: 'the first process to queue an event', timeoutMs: 30_000, intervalMs: 1_000 },
      );
      for (const e of events.slice(1)) await kafka.publish(e);
    } finally {
      await kafka.close();
    }
    // Killed while attempts are at the receiver, before any answer (each takes 1.5 s).
    await eventually(async () => ((await sim.chatDeliveries(simEndpoint)).length >= 2 ? true : undefined), {
      what: 'attempts in flight',
      timeoutMs: 15_000,
      intervalMs: 50,
    });
    await first.kill();
    await sim.control('PUT', `/_control/chat/endpoints/${simEndpoint}/behaviour`, { mode: 'healthy' });

    const second = await start('webhooks-crash-2', groupId);
    const done = await eventually(
      async () => {
        const list = await api<DeliveryPage>(second.url, 'GET', `/internal/tenants/${tenantId}/deliveries?limit=50`);
        return list.body.items.length === events.length && list.body.items.every((d) => d.status === 'delivered')
          ? list.body.items
          : undefined;
      },
      { what: 'every delivery delivered by the second process', timeoutMs: 60_000 },
    );
    const got = await sim.chatDeliveries(simEndpoint);
    const ids = new Set(done.map((d) => d.id));
    // Every event delivered; every request the receiver saw carries the webhook-id of one of our deliveries.
    expect(new Set(done.map((d) => d.eventId))).toEqual(new Set(events.map((e) => e.id)));
    expect(got.every((d) => d.webhookId !== null && ids.has(d.webhookId))).toBe(true);
    expect(new Set(got.map((d) => d.webhookId)).size).toBe(events.length);
    // Some were sent twice (the killed process's attempts), each time with the same id.
    expect(got.length).toBeGreaterThan(events.length);
    // The rows the killed process claimed were re-leased, not lost: each was attempted again by the second process.
    const rows = (await ds
      .initialize()
      .then(() => ds.query(`SELECT count(*)::int AS n FROM "webhooks"."delivery_attempt" WHERE tenant_id = $1`, [tenantId]))) as {
      n: number;
    }[];
    expect(rows[0]?.n).toBeGreaterThanOrEqual(events.length);
  });
});
