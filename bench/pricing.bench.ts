/**
 * `npm run bench -- pricing`: the quote engine and `POST /v1/quotes`.
 *   1. The engine alone on one core (a child process running services/pricing-rules/src/domain/engine-benchmark.ts):
 *      a 20-line cart against 1,000 / 10,000 / 100,000 synthetic rules — quotes/s, µs/quote, candidates per quote.
 *   2. The whole stack as `npm start` runs it: a generated catalog (default 20,000 products) synced, 10,000 generated
 *      retailer rules pulled, then `POST /v1/quotes` through the gateway with 20-line carts (a third with a customer
 *      whose eligibility is asked of the retailer, some with a coupon): open loop at a fixed rate (default 200 req/s
 *      for 30 s) for latency percentiles, then closed loop for the saturation rate.
 * The limits of the same run: the gateway's own HTTP floor (`GET /health/live`, saturated) and a bare primary-key
 * SELECT on PostgreSQL.
 *
 * Options: --rules (10000) --products (20000) --rate (200) --seconds (30) --lines (20) --engine-sizes (1000,10000,100000)
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { Client } from 'pg';
import {
  consumerGroups,
  DEFAULT_PORTS,
  ensureTestDatabase,
  freePort,
  processOptions,
  type ServiceProcess,
  simulatorsClient,
  type StackPorts,
  stackProcesses,
  startAll,
  waitFor,
} from '@looma-hub/testing';
import { cpuBreakdown, cpuByGroup } from './lib/cpu';
import { table } from './lib/format';
import { intOption } from './lib/options';
import { type Benchmark, type BenchOutcome, type Figure, runNamespace } from './lib/types';

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '..');
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const INTERNAL_TOKEN = 'bench-internal-token-0123456789abcdef';
// Customers of the simulated retailer: gold, silver + employee, registered, a business (b2b).
const CUSTOMERS = ['52998224725', '11144477735', '39053344705', '33468326000190'];

interface EngineFigures {
  rules: number;
  lines: number;
  quotesPerSecond: number;
  microsPerQuote: number;
  candidatesPerQuote: number;
  indexBuildMs: number;
}

/** mulberry32: the same carts every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const benchmark: Benchmark = {
  name: 'pricing',
  description: 'quote engine alone (quotes/s by rule count) and POST /v1/quotes through the gateway (latency at a fixed rate, saturation)',
  async run(ctx): Promise<BenchOutcome> {
    const ruleCount = intOption(ctx.options, 'rules', 10_000, 200_000);
    const products = intOption(ctx.options, 'products', 20_000, 1_000_000);
    const rate = intOption(ctx.options, 'rate', 200, 5_000);
    const seconds = intOption(ctx.options, 'seconds', 30, 600);
    const lines = intOption(ctx.options, 'lines', 20, 500);
    const engineSizes = ctx.options.get('engine-sizes') ?? '1000,10000,100000';
    const notes: string[] = [];

    // 1. The engine alone, in a process of its own (one core, nothing else of the bench in it).
    ctx.log(`engine alone: ${lines}-line carts against ${engineSizes} rules`);
    const { stdout } = await run(
      process.execPath,
      ['-r', './scripts/register.cjs', 'services/pricing-rules/src/domain/engine-benchmark.ts', engineSizes, '3', String(lines)],
      { cwd: repoRoot, maxBuffer: 1 << 20, timeout: 600_000 },
    );
    const engine = (JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { engine: EngineFigures[] }).engine;

    // 2. The stack, on a database of its own.
    const dbUrl = new URL(ctx.env.DATABASE_URL ?? 'postgres://looma:looma@127.0.0.1:55432/looma');
    dbUrl.pathname = '/looma_bench_pricing';
    const pgAdmin = new Client({ connectionString: Object.assign(new URL(dbUrl), { pathname: '/postgres' }).toString() });
    await pgAdmin.connect();
    await pgAdmin.query('DROP DATABASE IF EXISTS looma_bench_pricing WITH (FORCE)');
    await pgAdmin.end();
    await ensureTestDatabase(dbUrl.toString());
    const ports = {} as StackPorts;
    for (const k of Object.keys(DEFAULT_PORTS) as (keyof StackPorts)[]) ports[k] = await freePort();
    const defs = stackProcesses(ports, {
      DATABASE_URL: dbUrl.toString(),
      KAFKA_BROKERS: ctx.env.KAFKA_BROKERS ?? '127.0.0.1:19092',
      TEMPORAL_ADDRESS: ctx.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: runNamespace(ctx),
      ADMIN_API_KEY: ADMIN_KEY,
      INTERNAL_API_TOKEN: INTERNAL_TOKEN,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      ...consumerGroups(`bench-${ctx.runId}`),
    });
    for (const d of defs) if (d.readyLine) d.env = { ...d.env, LOG_LEVEL: 'info' };
    const procs: ServiceProcess[] = [];
    const tenantId = `bench-price-${ctx.runId}`.slice(0, 40);
    const gateway = `http://127.0.0.1:${ports.gateway}`;
    const pg = new Client({ connectionString: dbUrl.toString() });
    try {
      ctx.log(`starting ${defs.length} processes`);
      procs.push(...(await startAll(defs.map((d) => processOptions(d)))));
      await pg.connect();
      const sims = simulatorsClient(`http://127.0.0.1:${ports.simulators}`);
      await sims.control('PUT', '/_control/retailer/catalogs/bench', { size: products, seed: 3 });
      ctx.log(`syncing ${products.toLocaleString('en')} products`);
      const created = await fetch(`${gateway}/admin/tenants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
        body: JSON.stringify({
          id: tenantId,
          name: 'Bench pricing',
          retailer: { baseUrl: `${sims.retailer.baseUrl}/catalogs/bench`, token: sims.retailer.token },
        }),
      });
      if (created.status !== 201) throw new Error(`tenant creation failed: ${created.status} ${await created.text()}`);
      const apiKey = ((await created.json()) as { apiKey: { key: string } }).apiKey.key;
      const count = async (sql: string) => Number((await pg.query<{ n: string }>(sql, [tenantId])).rows[0]?.n ?? 0);
      await waitFor(() => count(`SELECT count(*) AS n FROM "catalog"."product" WHERE tenant_id = $1`), {
        until: (n) => n === products,
        timeoutMs: 900_000,
        intervalMs: 500,
        what: 'the catalog sync',
      });
      // Quotes read prices from pricing-rules' read model, fed by the catalog's product-changed events.
      await waitFor(() => count(`SELECT count(*) AS n FROM "pricing"."product_price" WHERE tenant_id = $1`), {
        until: (n) => n === products,
        timeoutMs: 900_000,
        intervalMs: 500,
        what: "the catalog's prices in pricing-rules",
      });
      const { rows: catalog } = await pg.query<{ external_id: string; categories: string[]; manufacturer: string | null }>(
        `SELECT external_id, categories, manufacturer FROM "catalog"."product" WHERE tenant_id = $1 AND active ORDER BY external_id`,
        [tenantId],
      );

      // 10,000 rules on this catalog's products, categories and makers, pulled by a full rule sync.
      ctx.log(`generating ${ruleCount.toLocaleString('en')} retailer rules and pulling them`);
      // A retailer with 10,000 rules has thousands of categories and brands; the generated catalog has a few dozen. The
      // rule targets are drawn from the catalog's own names padded with departments and brands it does not stock, so each
      // category or brand carries the rules a real one would (about one), not hundreds.
      const pad = (real: string[], label: string) => [
        ...real,
        ...Array.from({ length: Math.max(0, 2_000 - real.length) }, (_, i) => `${label} ${i}`),
      ];
      await sims.control('POST', '/_control/retailer/discount-rules/generate', {
        count: ruleCount,
        seed: 5,
        products: catalog.slice(0, 100_000).map((p) => p.external_id),
        categories: pad([...new Set(catalog.flatMap((p) => p.categories))], 'Departamento'),
        manufacturers: pad([...new Set(catalog.flatMap((p) => (p.manufacturer ? [p.manufacturer] : [])))], 'Marca'),
      });
      const t0 = Date.now();
      const sync = await fetch(`${gateway}/admin/tenants/${tenantId}/pricing/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
        body: JSON.stringify({ mode: 'full' }),
      });
      if (sync.status !== 202) throw new Error(`rule sync refused: ${sync.status} ${await sync.text()}`);
      const stored = await waitFor(
        () => count(`SELECT count(*) AS n FROM "pricing"."pricing_rule" WHERE tenant_id = $1 AND source = 'retailer'`),
        {
          until: (n) => n >= ruleCount,
          timeoutMs: 600_000,
          intervalMs: 250,
          what: 'the rule pull',
        },
      );
      const pullSeconds = (Date.now() - t0) / 1000;
      const active = await count(`SELECT count(*) AS n FROM "pricing"."pricing_rule" WHERE tenant_id = $1 AND enabled`);
      ctx.log(`pulled ${stored} rules (${active} enabled) in ${pullSeconds.toFixed(1)} s`);

      // Carts as chat sellers build them: `lines` products, 1–4 units each, a third with a customer, a tenth with a coupon.
      const rnd = prng(9);
      const bodies = Array.from({ length: 400 }, (_, i) =>
        JSON.stringify({
          lines: Array.from({ length: lines }, () => ({
            productId: catalog[Math.floor(rnd() * catalog.length)]?.external_id,
            quantity: 1 + Math.floor(rnd() * 4),
          })),
          ...(i % 3 === 0 ? { customer: { document: CUSTOMERS[i % CUSTOMERS.length] } } : {}),
          ...(i % 10 === 0 ? { coupons: ['BEMVINDO10'] } : {}),
          channel: 'whatsapp',
        }),
      );
      const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
      const requests = bodies.map((body) => ({ method: 'POST' as const, path: '/v1/quotes', body }));
      const check = await fetch(`${gateway}/v1/quotes`, { method: 'POST', headers, body: bodies[0] });
      const sample = (await check.json()) as { lines?: { error: unknown }[]; discounts?: unknown[]; notApplied?: unknown[] };
      if (check.status !== 200 || !sample.lines || sample.lines.some((l) => l.error !== null)) {
        throw new Error(`a bench quote failed: ${check.status} ${JSON.stringify(sample).slice(0, 500)}`);
      }
      notes.push(
        `sample quote: ${sample.discounts?.length ?? 0} discounts applied, ${sample.notApplied?.length ?? 0} rules told not applied`,
      );

      const groupOf = new Map(procs.map((p) => [p.child.pid, p.name]));
      const classify = (pid: number, comm: string): string | undefined =>
        pid === process.pid
          ? 'bench'
          : (groupOf.get(pid) ??
            (comm === 'postgres' ? 'postgres' : comm === 'java' ? 'kafka' : comm.startsWith('temporal') ? 'temporal' : undefined));

      // Limits of the same run, measured before any quote load: the gateway's own HTTP floor, and a bare primary-key SELECT.
      const floor = await autocannon({ url: `${gateway}/health/live`, connections: 16, duration: 10 });
      const warm = await autocannon({ url: gateway, connections: 4, amount: 1_000, headers, requests });
      ctx.log(`quotes: ${rate} req/s for ${seconds} s (open loop), then closed loop`);
      const cpuBefore = cpuByGroup(classify);
      const open = await autocannon({ url: gateway, connections: 32, overallRate: rate, duration: seconds, headers, requests });
      const cpuOpen = cpuBreakdown(cpuBefore, cpuByGroup(classify));
      const closed = await autocannon({ url: gateway, connections: 16, duration: Math.min(seconds, 15), headers, requests });

      let selects = 0;
      const tSel = Date.now();
      while (Date.now() - tSel < 3_000) {
        await pg.query(`SELECT version FROM "pricing"."rule_set" WHERE tenant_id = $1`, [tenantId]);
        selects++;
      }
      const selectRate = selects / ((Date.now() - tSel) / 1000);

      const errors = (r: autocannon.Result) => r.errors + r.timeouts + r.non2xx;
      const perQuoteCpu = cpuOpen
        .filter((g) => g.seconds >= 0.2)
        .map((g) => `${g.group} ${Math.round((g.seconds * 1e6) / Math.max(1, open.requests.total))} µs`)
        .join(', ');
      const at10k = engine.find((e) => e.rules === 10_000);
      console.log(
        `\n${table(
          ['figure', 'value', 'target', 'limit (same run)', 'ratio'],
          [
            ...engine.map((e) => [
              `engine: ${e.lines}-line cart, ${e.rules.toLocaleString('en')} rules (${e.candidatesPerQuote} candidates/quote)`,
              `${e.quotesPerSecond.toLocaleString('en')} quotes/s (${e.microsPerQuote} µs)`,
              e.rules === 10_000 ? '≥ 20,000 quotes/s' : 'near flat',
              at10k ? `10k rules: ${at10k.quotesPerSecond.toLocaleString('en')}/s` : '',
              at10k ? `${Math.round((e.quotesPerSecond / at10k.quotesPerSecond) * 100)}%` : '',
            ]),
            [`rule pull of ${stored.toLocaleString('en')} rules (full), s`, pullSeconds.toFixed(1), '', '', ''],
            [`POST /v1/quotes p50 / p99 at ${rate} req/s open loop, ms`, `${open.latency.p50} / ${open.latency.p99}`, 'p99 ≤ 20', '', ''],
            ['POST /v1/quotes errors (open loop)', String(errors(open)), '0', '', ''],
            [
              'POST /v1/quotes saturation, req/s (16 connections)',
              Math.round(closed.requests.average).toLocaleString('en'),
              '',
              `gateway /health/live ${Math.round(floor.requests.average).toLocaleString('en')} req/s`,
              `${Math.round((closed.requests.average / floor.requests.average) * 100)}%`,
            ],
            ['PostgreSQL primary-key SELECT, sequential, per s', Math.round(selectRate).toLocaleString('en'), '', '', ''],
          ],
        )}`,
      );
      notes.push(`CPU per quote over the open loop: ${perQuoteCpu}`);
      notes.push(`warm-up: ${warm.requests.total} quotes before measuring; ${bodies.length} distinct carts of ${lines} lines`);
      const figures: Figure[] = [
        ...engine.map((e) => ({
          key: `pricing.engine.${e.rules}.quotesPerSec`,
          label: `Engine alone, ${e.lines}-line cart, ${e.rules} rules`,
          value: e.quotesPerSecond,
          unit: 'quotes/s',
          detail: `${e.microsPerQuote} µs/quote, ${e.candidatesPerQuote} candidate rules per quote, index built in ${e.indexBuildMs} ms`,
        })),
        { key: 'pricing.gateway.p50Ms', label: `POST /v1/quotes p50 at ${rate} req/s`, value: open.latency.p50, unit: 'ms' },
        {
          key: 'pricing.gateway.p99Ms',
          label: `POST /v1/quotes p99 at ${rate} req/s`,
          value: open.latency.p99,
          unit: 'ms',
          detail: `${errors(open)} errors`,
        },
        {
          key: 'pricing.gateway.saturationRps',
          label: 'POST /v1/quotes saturation',
          value: Math.round(closed.requests.average),
          unit: 'req/s',
          detail: `the gateway's own HTTP floor (GET /health/live, 16 connections) ${Math.round(floor.requests.average)} req/s`,
        },
      ];
      return { figures, settings: { ruleCount, products, rate, seconds, lines, engineSizes }, notes };
    } finally {
      await pg.end().catch(() => undefined);
      await Promise.all(procs.map((p) => p.stop()));
    }
  },
};
