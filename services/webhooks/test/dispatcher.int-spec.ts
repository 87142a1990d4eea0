import { randomUUID } from 'node:crypto';
import { eventually, type RunningSimulators, startSimulators, uniqueTenantId } from '@looma-hub/testing';
import { DeliveryDispatcher } from '../src/delivery/delivery.dispatcher';
import type { DeliveryView } from '../src/delivery/dto/delivery.dto';
import type { CreatedEndpointView } from '../src/endpoint/dto/endpoint.dto';
import { developmentMode, startTestService, type TestService } from './support/harness';

jest.setTimeout(90_000);

/** The dispatcher on its own (no Kafka consumer): replicas, crashed claims, graceful shutdown. */
describe('delivery dispatcher', () => {
  let sim: RunningSimulators;
  const noConsumer = { WEBHOOK_CONSUMER_ENABLED: 'false' };

  beforeAll(async () => {
    sim = await startSimulators();
  });

  afterAll(async () => {
    await sim?.stop();
  });

  async function endpoint(svc: TestService, tenantId: string) {
    await developmentMode(svc, tenantId);
    const simEndpoint = `ep-${randomUUID().slice(0, 8)}`;
    const { body } = await svc.api<CreatedEndpointView>('POST', `/internal/tenants/${tenantId}/endpoints`, {
      url: `${sim.baseUrl}/chat/webhooks/${simEndpoint}`,
    });
    await sim.control('PUT', `/_control/chat/endpoints/${simEndpoint}`, { secret: body.secret });
    return { simEndpoint, endpointId: body.id };
  }

  /** Queues deliveries the way the consumer does (one row per event), without Kafka. */
  async function queue(
    svc: TestService,
    tenantId: string,
    endpointId: string,
    n: number,
    extra: { claimToken?: string; attempts?: number } = {},
  ) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      ids.push(id);
      await svc.db.query(
        `INSERT INTO "webhooks"."delivery" (id, tenant_id, endpoint_id, event_id, event_type, event_time, payload, status, attempts, claim_token, next_attempt_at)
         VALUES ($1, $2, $3, $4, 'order.completed', now(), $5, 'pending', $6, $7, now() - interval '1 second')`,
        [id, tenantId, endpointId, randomUUID(), JSON.stringify({ n: i, tenantId }), extra.attempts ?? 0, extra.claimToken ?? null],
      );
    }
    await svc.db.query(`SELECT pg_notify('webhooks_delivery', '')`);
    return ids;
  }

  it('lets two replicas share the work without sending any delivery twice', async () => {
    const a = await startTestService({ ...noConsumer, WEBHOOK_DISPATCH_CONCURRENCY: '3' });
    const b = await startTestService({ ...noConsumer, WEBHOOK_DISPATCH_CONCURRENCY: '3' }, a.databaseUrl);
    try {
      const tenantId = uniqueTenantId('t-wh-replicas');
      const { simEndpoint, endpointId } = await endpoint(a, tenantId);
      // Slow answers keep both dispatchers busy at once.
      await sim.control('POST', '/_control/faults', { partner: 'chat', path: `/chat/webhooks/${simEndpoint}`, latencyMs: 100 });
      const ids = await queue(a, tenantId, endpointId, 24);
      const got = await eventually(
        async () => {
          const list = await sim.chatDeliveries(simEndpoint);
          return list.length >= ids.length ? list : undefined;
        },
        { what: 'all 24 deliveries', timeoutMs: 30_000 },
      );
      // Every delivery settled (delivered, unclaimed): each POST was logged as an attempt, so the attempt count
      // below is the number of sends, and nothing is left that could send again.
      await eventually(
        async () => {
          const [row] = (await a.db.query(
            `SELECT count(*) FILTER (WHERE status = 'delivered' AND claim_token IS NULL)::int AS settled FROM "webhooks"."delivery" WHERE tenant_id = $1`,
            [tenantId],
          )) as { settled: number }[];
          return row?.settled === ids.length ? true : undefined;
        },
        { what: 'all 24 deliveries to settle', timeoutMs: 30_000 },
      );
      const final = await sim.chatDeliveries(simEndpoint);
      expect(final).toHaveLength(24);
      expect(new Set(got.map((d) => d.webhookId))).toEqual(new Set(ids));
      expect(final.every((d) => d.signatureValid === true && !d.duplicate)).toBe(true);
      const attempts = (await a.db.query(`SELECT count(*)::int AS n FROM "webhooks"."delivery_attempt" WHERE tenant_id = $1`, [
        tenantId,
      ])) as { n: number }[];
      expect(attempts[0]?.n).toBe(24);
    } finally {
      await b.close();
      await a.close();
    }
  });

  it('takes over a delivery whose claim expired (a dispatcher died mid-attempt)', async () => {
    const svc = await startTestService(noConsumer);
    try {
      const tenantId = uniqueTenantId('t-wh-lease');
      const { simEndpoint, endpointId } = await endpoint(svc, tenantId);
      const [id] = await queue(svc, tenantId, endpointId, 1, { claimToken: randomUUID(), attempts: 1 });
      const done = await eventually(
        async () => {
          const res = await svc.api<DeliveryView>('GET', `/internal/tenants/${tenantId}/deliveries/${id}`);
          return res.body.status === 'delivered' ? res.body : undefined;
        },
        { what: 'the abandoned delivery to be delivered' },
      );
      expect(done.attempts).toBe(2);
      expect(done.attemptLog.map((x) => [x.attempt, x.statusCode])).toEqual([[2, 200]]);
      expect(await sim.chatDeliveries(simEndpoint)).toHaveLength(1);
    } finally {
      await svc.close();
    }
  });

  it('on shutdown stops claiming and finishes and records the attempts in flight', async () => {
    const svc = await startTestService(noConsumer);
    const tenantId = uniqueTenantId('t-wh-shutdown');
    const { simEndpoint, endpointId } = await endpoint(svc, tenantId);
    await sim.control('POST', '/_control/faults', { partner: 'chat', path: `/chat/webhooks/${simEndpoint}`, latencyMs: 800 });
    const [id] = await queue(svc, tenantId, endpointId, 1);
    const dispatcher = svc.app.get(DeliveryDispatcher);
    await eventually(async () => (dispatcher.inFlight > 0 ? true : undefined), {
      what: 'an attempt in flight',
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    await svc.app.close();
    try {
      // The app's connections are closed now; the test's own data source looks at what it left.
      const [row] = (await svc.db.query(`SELECT status, claim_token FROM "webhooks"."delivery" WHERE id = $1 AND tenant_id = $2`, [
        id,
        tenantId,
      ])) as {
        status: string;
        claim_token: string | null;
      }[];
      expect(row).toEqual({ status: 'delivered', claim_token: null });
      const attempts = (await svc.db.query(`SELECT status_code FROM "webhooks"."delivery_attempt" WHERE delivery_id = $1`, [id])) as {
        status_code: number;
      }[];
      expect(attempts).toEqual([{ status_code: 200 }]);
      expect(await sim.chatDeliveries(simEndpoint)).toHaveLength(1);
    } finally {
      await svc.close();
    }
  });
});
