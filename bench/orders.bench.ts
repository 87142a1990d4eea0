/**
 * `npm run bench -- orders`: the walking skeleton under load. Every service, worker and the simulators run as
 * real processes (as in `npm start`); N orders are placed through the gateway with C in flight, and each is
 * followed until the chat platform's webhook receiver got its signed `order.registered` notification:
 * gateway → Temporal saga → retailer sale → outbox → Kafka → webhooks → chat platform.
 *
 * Options: --orders (300) --concurrency (20) --warmup (10)
 */
import { randomUUID } from 'node:crypto';
import {
  consumerGroups,
  DEFAULT_PORTS,
  ensureTestDatabase,
  freePort,
  processOptions,
  type ServiceProcess,
  simulatorsClient,
  simulatorWiring,
  type StackPorts,
  stackProcesses,
  startAll,
  waitFor,
} from '@looma-hub/testing';
import { Client, Connection } from '@temporalio/client';
import { loadInfraLimits, printRatiosToLimits } from './lib/limits';
import { intOption } from './lib/options';
import { latencySummary } from './lib/timing';
import { type Benchmark, type BenchOutcome, runNamespace } from './lib/types';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

async function post<T>(url: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

export const benchmark: Benchmark = {
  name: 'orders',
  description: 'orders/s and order→notification latency through the whole stack, as a share of the Temporal no-op rate',
  async run(ctx): Promise<BenchOutcome> {
    const orders = intOption(ctx.options, 'orders', 300, 5_000);
    const concurrency = intOption(ctx.options, 'concurrency', 20, 200);
    const warmup = intOption(ctx.options, 'warmup', 10, 200);
    const limits = await loadInfraLimits();

    const dbUrl = new URL(ctx.env.DATABASE_URL ?? 'postgres://looma:looma@127.0.0.1:55432/looma');
    dbUrl.pathname = '/looma_bench';
    await ensureTestDatabase(dbUrl.toString());
    const ports = {} as StackPorts;
    for (const k of Object.keys(DEFAULT_PORTS) as (keyof StackPorts)[]) ports[k] = await freePort();
    const defs = stackProcesses(ports, {
      DATABASE_URL: dbUrl.toString(),
      KAFKA_BROKERS: ctx.env.KAFKA_BROKERS ?? '127.0.0.1:19092',
      TEMPORAL_ADDRESS: ctx.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: runNamespace(ctx),
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      ...consumerGroups('bench'),
    });
    // Workers announce readiness at info level.
    for (const d of defs) if (d.readyLine) d.env = { ...d.env, LOG_LEVEL: 'info' };
    ctx.log(`starting ${defs.length} processes`);
    const procs: ServiceProcess[] = [];
    const temporal = new Client({
      connection: await Connection.connect({ address: ctx.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' }),
      namespace: runNamespace(ctx),
    });
    const tenantId = `bench-${ctx.runId}`;
    try {
      procs.push(...(await startAll(defs.map((d) => processOptions(d)))));
      const gateway = `http://127.0.0.1:${ports.gateway}`;
      const sims = simulatorsClient(`http://127.0.0.1:${ports.simulators}`);
      const wiring = simulatorWiring(sims.baseUrl, tenantId);
      const created = await post<{ apiKey: { key: string }; webhooks: { secret: string }[] }>(
        `${gateway}/admin/tenants`,
        { id: tenantId, name: 'Bench', developmentMode: true, retailer: wiring.retailer, webhooks: [{ url: wiring.webhookUrl }] },
        { authorization: `Bearer ${ADMIN_KEY}` },
      );
      if (created.status !== 201) throw new Error(`tenant creation failed: ${created.status}`);
      await sims.control('PUT', `/_control/chat/endpoints/${tenantId}`, { secret: created.body.webhooks[0]?.secret });
      const auth = { authorization: `Bearer ${created.body.apiKey.key}` };
      // Plenty of stock for every order the run places.
      await sims.upsertRetailerProducts([{ id: '1001', stock: 10_000_000 }]);

      const accepted = new Map<string, number>();
      const place = async () => {
        const t0 = Date.now();
        const r = await post<{ id: string }>(
          `${gateway}/v1/orders`,
          {
            externalId: `bench-${randomUUID()}`,
            customer: { name: 'Maria da Silva', document: '529.982.247-25' },
            items: [{ productId: '1001', quantity: 1, unitPriceCents: 2499 }],
          },
          auth,
        );
        if (r.status !== 202) throw new Error(`order refused: ${r.status} ${JSON.stringify(r.body)}`);
        accepted.set(r.body.id, t0);
        return Date.now() - t0;
      };
      const delivered = async () => {
        const ds = await sims.chatDeliveries(tenantId);
        return new Map(ds.map((d) => [(d.body as { data?: { orderId?: string } }).data?.orderId ?? '', Date.parse(d.receivedAt)]));
      };

      ctx.log(`warm-up: ${warmup} orders`);
      for (let i = 0; i < warmup; i++) await place();
      await waitFor(async () => (await delivered()).size, { until: (n) => n >= warmup, timeoutMs: 120_000, what: 'warm-up deliveries' });
      accepted.clear();

      ctx.log(`placing ${orders} orders, ${concurrency} in flight`);
      const startedAt = Date.now();
      const acceptMs: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < orders) {
            next++;
            acceptMs.push(await place());
          }
        }),
      );
      const acceptedAt = Date.now();
      const done = await waitFor(delivered, {
        until: (m) => [...accepted.keys()].every((id) => m.has(id)),
        timeoutMs: 600_000,
        intervalMs: 500,
        what: `${orders} order notifications`,
      });
      const ends = [...accepted].map(([id, t0]) => ({ t0, t1: done.get(id) ?? NaN }));
      const lastDelivery = Math.max(...ends.map((e) => e.t1));
      const e2e = latencySummary(ends.map((e) => e.t1 - e.t0));
      const accept = latencySummary(acceptMs);
      const seconds = (lastDelivery - startedAt) / 1000;
      const sales = (await sims.retailerSales()).filter((s) => accepted.has(s.orderId));

      const completedPerSec = orders / seconds;
      printRatiosToLimits(limits, [
        { label: 'orders completed (sale + signed webhook)', value: completedPerSec, unit: 'orders/s', limit: 'temporalNoop' },
        { label: 'order events through Kafka', value: completedPerSec, unit: 'events/s', limit: 'kafkaProduce' },
      ]);
      return {
        figures: [
          {
            key: 'orders.completedPerSec',
            label: 'Orders completed (to notification)',
            value: Math.round(completedPerSec * 10) / 10,
            unit: 'orders/s',
            detail: `${orders} orders in ${seconds.toFixed(2)} s, ${concurrency} in flight; ${Math.round((completedPerSec / limits.values.temporalNoop) * 100)}% of Temporal no-op`,
          },
          {
            key: 'orders.acceptedPerSec',
            label: 'Orders accepted by the gateway',
            value: Math.round((orders / ((acceptedAt - startedAt) / 1000)) * 10) / 10,
            unit: 'orders/s',
            detail: `POST /v1/orders → 202, p50 ${accept.p50} ms, p95 ${accept.p95} ms`,
          },
          {
            key: 'orders.e2e.p50Ms',
            label: 'Order → webhook received, p50',
            value: e2e.p50,
            unit: 'ms',
            detail: `p95 ${e2e.p95} ms, p99 ${e2e.p99} ms, max ${e2e.max} ms`,
          },
          {
            key: 'orders.salesPerOrder',
            label: 'Retailer sales per order',
            value: sales.length / orders,
            unit: 'sales',
            detail: 'must be exactly 1',
          },
        ],
        settings: { orders, concurrency, warmup, database: 'looma_bench', logLevel: 'warn' },
        notes: [
          'Every process (9 Node processes, Postgres, Kafka, Temporal dev server) shares the 2 cores with the load generator.',
          `Infra limits used: ${limits.report.timestamp}${limits.warnings.length ? ` (${limits.warnings.join('; ')})` : ''}.`,
        ],
      };
    } finally {
      await temporal.schedule
        .getHandle(`catalog-sync-${tenantId}`)
        .delete()
        .catch(() => undefined);
      await temporal.connection.close().catch(() => undefined);
      await Promise.all(procs.map((p) => p.stop()));
    }
  },
};
