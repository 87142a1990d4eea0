/**
 * `npm run bench -- catalog`: the catalog at retail scale, every service a real process (as in `npm start`).
 *   1. Full sync of a generated catalog (default 1,000,000 products) from the retailer simulator to searchable,
 *      every product-changed event acknowledged by Kafka; catalog-sync's resident memory sampled throughout.
 *   2. Incremental sync after 1% of the products changed: time to the last event, and the exact event count.
 *   3. Search through the gateway: open loop at a fixed rate (default 200 req/s for 30 s, mixed queries with
 *      accents and typos) for latency percentiles, then closed loop for the saturation rate.
 * PostgreSQL COPY and Kafka produce are measured in the same run, so each figure is printed against them.
 *
 * Options: --products (1000000) --page (5000) --rate (200) --seconds (30) --changed (0.01)
 */
import fs from 'node:fs';
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
import { benchKafka } from './infra/kafka';
import { benchPostgres } from './infra/postgres';
import { cpuBreakdown, cpuByGroup, startCpuMeter } from './lib/cpu';
import { table } from './lib/format';
import { intOption } from './lib/options';
import { type Benchmark, type BenchOutcome, type Figure, runNamespace } from './lib/types';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const INTERNAL_TOKEN = 'bench-internal-token-0123456789abcdef';

/** Mixed queries as chat sellers type them: accents or none, typos, two words, filters, sorts, lookups. */
const QUERIES = [
  'q=cafe',
  'q=caf%C3%A9%20torrado',
  'q=tenis%20corrida',
  'q=t%C3%AAnis%20de%20corida',
  'q=camiseta%20polo',
  'q=camisteta',
  'q=calca%20jeans',
  'q=shampoo',
  'q=shampo',
  'q=air%20fryer',
  'q=panela%20de%20pressao',
  'q=fone%20bluetooth',
  'q=racao%20gatos',
  'q=refrigerante&inStock=true',
  'q=liquidificador&sort=price',
  'q=furadeira&priceMax=50000',
  'q=mochila%20escolar&size=10',
  'sort=name&size=20',
  'category=Mercearia&size=20',
  'q=cha%20gelado',
];

/**
 * Questions as shoppers type them about what the catalog has: the first one to three words of product names, a
 * third without accents, a quarter with a letter dropped from a long word; distinct, in a fixed order.
 */
async function distinctQueries(databaseUrl: string, tenantId: string, wanted: number): Promise<string[]> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ name: string }>(
      `SELECT name FROM "catalog"."product" WHERE tenant_id = $1 ORDER BY md5(id::text) LIMIT $2`,
      [tenantId, wanted * 3],
    );
    const out = new Set<string>();
    rows.forEach(({ name }, i) => {
      const all = name.split(/\s+/).filter((w) => w.length >= 2);
      const [kind] = all;
      if (kind === undefined) return;
      // The product's kind, or its kind with one other word of the name (brand, size, colour), or that word alone.
      const other = all[1 + (i % Math.max(1, all.length - 1))] ?? kind;
      const last = all[all.length - 1] ?? kind;
      let words = i % 3 === 0 ? [kind, other] : i % 3 === 1 ? [other, last] : [kind];
      if (i % 3 === 1) words = words.map((w) => w.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
      if (i % 4 === 2) words = words.map((w) => (w.length >= 6 ? w.slice(0, 3) + w.slice(4) : w));
      out.add(`q=${encodeURIComponent([...new Set(words)].join(' ').toLowerCase())}`);
    });
    return [...out].slice(0, wanted);
  } finally {
    await pg.end();
  }
}

/** Resident memory (MiB) of a process, from /proc; undefined when it is gone. */
function rssMiB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export const benchmark: Benchmark = {
  name: 'catalog',
  description: 'full and incremental catalog sync (products/s, events/s, RSS) and search latency through the gateway',
  async run(ctx): Promise<BenchOutcome> {
    const products = intOption(ctx.options, 'products', 1_000_000, 5_000_000);
    const page = intOption(ctx.options, 'page', 5_000, 5_000);
    const rate = intOption(ctx.options, 'rate', 200, 5_000);
    const seconds = intOption(ctx.options, 'seconds', 30, 600);
    const changedFraction = Number(ctx.options.get('changed') ?? '0.01');
    const notes: string[] = [];

    ctx.log('engine limits of this run: PostgreSQL COPY, Kafka produce');
    const pg = await benchPostgres(ctx, { rows: 200_000, rowsPerChunk: 1_000, timeoutSeconds: 120 });
    const kafka = await benchKafka(ctx, {
      messages: 50_000,
      messageBytes: 1_024,
      batchSize: 2_000,
      inFlightBatches: 1,
      partitions: 3,
      timeoutSeconds: 120,
    });
    const copyRate = pg.figures.find((f) => f.key === 'pg.copy.rowsPerSec')?.value ?? NaN;
    const produceRate = kafka.figures.find((f) => f.key === 'kafka.produce.msgsPerSec')?.value ?? NaN;

    // A database of its own, fresh each run: tenants of an earlier run would be synced again (their connections replayed
    // to the new consumer groups) and their rows published by the new run's feed.
    const dbUrl = new URL(ctx.env.DATABASE_URL ?? 'postgres://looma:looma@127.0.0.1:55432/looma');
    dbUrl.pathname = '/looma_bench_catalog';
    const admin = new Client({ connectionString: Object.assign(new URL(dbUrl), { pathname: '/postgres' }).toString() });
    await admin.connect();
    await admin.query('DROP DATABASE IF EXISTS looma_bench_catalog WITH (FORCE)');
    await admin.end();
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
      CATALOG_SYNC_PAGE_SIZE: String(page),
      ...consumerGroups(`bench-${ctx.runId}`),
    });
    for (const d of defs) if (d.readyLine) d.env = { ...d.env, LOG_LEVEL: 'info' };
    ctx.log(`starting ${defs.length} processes`);
    const procs: ServiceProcess[] = [];
    const tenantId = `bench-cat-${ctx.runId}`.slice(0, 40);
    const catalogUrl = `http://127.0.0.1:${ports.catalog}`;
    const gateway = `http://127.0.0.1:${ports.gateway}`;
    const internal = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
      const res = await fetch(`${catalogUrl}/internal/tenants/${tenantId}${path}`, {
        method,
        headers: { 'x-internal-token': INTERNAL_TOKEN, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
    };
    /** A counter of catalog-sync's /metrics: the sample whose labels include `label` (any, when not given). */
    const counter = async (name: string, label = ''): Promise<number> => {
      const text = await (await fetch(`${catalogUrl}/metrics`)).text();
      const line = text.split('\n').find((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && l.includes(label));
      return Number(line?.split(' ').pop() ?? 0);
    };
    const published = () => counter('catalog_product_changes_published_total');
    /** [hits, misses] of the search ranking cache so far. */
    const cacheHits = async (): Promise<[number, number]> => [
      await counter('catalog_search_cache_lookups_total', 'result="hit"'),
      await counter('catalog_search_cache_lookups_total', 'result="miss"'),
    ];
    const runOf = (workflowId: string) =>
      waitFor(
        async () =>
          (await internal<{ status: string; progress: { seen: number; changed: number } | null }>('GET', `/sync/runs/${workflowId}`)).body,
        {
          until: (r) => typeof r?.status === 'string' && r.status !== 'running',
          timeoutMs: 1_800_000,
          intervalMs: 250,
          what: `sync ${workflowId}`,
        },
      );
    const feedReaches = (target: number) =>
      waitFor(published, { until: (n) => n >= target, timeoutMs: 1_800_000, intervalMs: 100, what: `${target} product-changed events` });

    try {
      procs.push(...(await startAll(defs.map((d) => processOptions(d)))));
      const byName = (n: string) => procs.find((p) => p.name === n)?.child.pid;
      const catalogPids = [byName('catalog-sync'), byName('catalog-worker')];
      const groupOf = new Map(procs.map((p) => [p.child.pid, p.name]));
      const classify = (pid: number, comm: string): string | undefined =>
        pid === process.pid
          ? 'bench'
          : (groupOf.get(pid) ??
            (comm === 'postgres' ? 'postgres' : comm === 'java' ? 'kafka' : comm.startsWith('temporal') ? 'temporal' : undefined));
      let maxRss = [0, 0];
      const sampler = setInterval(() => {
        maxRss = catalogPids.map((pid, i) => Math.max(maxRss[i] ?? 0, rssMiB(pid) ?? 0));
      }, 200);
      const sims = simulatorsClient(`http://127.0.0.1:${ports.simulators}`);
      // Last touched over the past 30 days, as a live catalog's products are: an incremental sync's window (the
      // watermark minus its overlap) then holds what changed since, not every product stamped at one instant.
      await sims.control('PUT', '/_control/retailer/catalogs/bench', { size: products, seed: 1, spreadSeconds: 30 * 86_400 });

      // 1. Full sync: the tenant's retailer connection starts it.
      ctx.log(`full sync of ${products.toLocaleString('en')} products (page ${page})`);
      const before = await published();
      const cpu = startCpuMeter();
      const cpuBefore = cpuByGroup(classify);
      const t0 = Date.now();
      const created = await fetch(`${gateway}/admin/tenants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
        body: JSON.stringify({
          id: tenantId,
          name: 'Bench catalog',
          retailer: { baseUrl: `${sims.retailer.baseUrl}/catalogs/bench`, token: sims.retailer.token },
        }),
      });
      if (created.status !== 201) throw new Error(`tenant creation failed: ${created.status} ${await created.text()}`);
      const apiKey = ((await created.json()) as { apiKey: { key: string } }).apiKey.key;
      const full = await runOf(`catalog-sync-${tenantId}-full`);
      const tSynced = Date.now();
      await feedReaches(before + products);
      const tFull = Date.now();
      const fullCpu = cpu.stop();
      const fullCpuByProcess = cpuBreakdown(cpuBefore, cpuByGroup(classify));
      if (full.status !== 'completed' || full.progress?.seen !== products)
        throw new Error(`full sync ended ${full.status}: ${JSON.stringify(full.progress)}`);
      const probe = (await (
        await fetch(`${gateway}/v1/products?q=cafe&size=1`, { headers: { authorization: `Bearer ${apiKey}` } })
      ).json()) as { items: unknown[] };
      if (!probe.items.length) throw new Error('the synced catalog is not searchable');
      const fullSeconds = (tFull - t0) / 1000;
      const fullRate = products / fullSeconds;
      const eventSeconds = (tFull - t0) / 1000;

      ctx.log(`full sync: ${((tSynced - t0) / 1000).toFixed(1)} s to done, ${((tFull - t0) / 1000).toFixed(1)} s to the last event`);
      // Where the two cores went: core-seconds per process over the full sync, and µs of CPU per product.
      const cpuLine = fullCpuByProcess
        .filter((g) => g.seconds >= 0.5)
        .map((g) => `${g.group} ${g.seconds.toFixed(0)} s (${Math.round((g.seconds * 1e6) / products)} µs/product)`)
        .join(', ');
      ctx.log(`full sync CPU by process: ${cpuLine}`);
      notes.push(`full sync CPU by process (core-seconds): ${cpuLine}`);
      // 2. Incremental sync after a fraction changed.
      const changes = await sims.control<{ changed: number }>('POST', '/_control/retailer/catalogs/bench/changes', {
        fraction: changedFraction,
        seed: 7,
      });
      const beforeInc = await published();
      const t1 = Date.now();
      const started = await internal<{ workflowId: string }>('POST', '/sync', { mode: 'incremental' });
      const inc = await runOf(started.body.workflowId);
      await feedReaches(beforeInc + changes.changed);
      const incSeconds = (Date.now() - t1) / 1000;
      await new Promise((r) => setTimeout(r, 3_000));
      const incEvents = (await published()) - beforeInc;
      clearInterval(sampler);

      ctx.log(`incremental: ${changes.changed} changes, ${incSeconds.toFixed(2)} s, ${incEvents} events`);
      // 3. Search through the gateway: open loop at `rate`, then closed loop to saturation.
      const requests = QUERIES.map((q) => ({ method: 'GET' as const, path: `/v1/products?${q}` }));
      const headers = { authorization: `Bearer ${apiKey}` };
      const warm = await autocannon({ url: gateway, connections: 4, amount: 400, headers, requests });
      ctx.log(`search: ${rate} req/s for ${seconds} s (open loop), then closed loop`);
      const open = await autocannon({ url: gateway, connections: 32, overallRate: rate, duration: seconds, headers, requests });
      const closed = await autocannon({ url: gateway, connections: 16, duration: Math.min(seconds, 15), headers, requests });
      const repeatedHits = await cacheHits();
      ctx.log(
        `search (mixed): p50 ${open.latency.p50} / p99 ${open.latency.p99} ms at ${rate} req/s, ${open.errors + open.timeouts + open.non2xx} errors; saturation ${Math.round(closed.requests.average)} req/s; cache ${repeatedHits[0]} hits / ${repeatedHits[1]} misses`,
      );
      // The same load with questions never asked before (words of real product names, some unaccented or with a
      // typo), so every one is ranked: what search costs without the ranking cache's help.
      const fresh = await distinctQueries(dbUrl.toString(), tenantId, rate * seconds + 2_000);
      ctx.log(`search: ${fresh.length} distinct questions at ${rate} req/s for ${seconds} s (open loop), then closed loop`);
      const freshRequests = fresh.map((q) => ({ method: 'GET' as const, path: `/v1/products?${q}` }));
      const openFresh = await autocannon({
        url: gateway,
        connections: 64,
        overallRate: rate,
        duration: seconds,
        headers,
        requests: freshRequests,
      });
      const closedFresh = await autocannon({
        url: gateway,
        connections: 16,
        duration: Math.min(seconds, 15),
        headers,
        // Questions the open loop did not ask, when there are enough of them.
        requests: freshRequests.length - rate * seconds >= 200 ? freshRequests.slice(rate * seconds) : freshRequests,
      });
      const freshHits = await cacheHits();
      const errors = (r: autocannon.Result) => r.errors + r.timeouts + r.non2xx;

      const ratio = (v: number, limit: number) => `${Math.round((v / limit) * 100)}%`;
      console.log(
        `\n${table(
          ['figure', 'value', 'target', 'engine limit (same run)', 'ratio'],
          [
            [
              'full sync, products/s (to searchable + events acked)',
              Math.round(fullRate).toLocaleString('en'),
              '≥ 25,000',
              `COPY ${Math.round(copyRate).toLocaleString('en')} rows/s`,
              ratio(fullRate, copyRate),
            ],
            [
              'product-changed events/s over the full sync',
              Math.round(products / eventSeconds).toLocaleString('en'),
              '≥ 80% of produce',
              `produce ${Math.round(produceRate).toLocaleString('en')} msg/s`,
              ratio(products / eventSeconds, produceRate),
            ],
            ['catalog-sync RSS max, MiB (http / worker)', `${Math.round(maxRss[0] ?? 0)} / ${Math.round(maxRss[1] ?? 0)}`, '≤ 300', '', ''],
            [`incremental sync of ${changes.changed} changes, s`, incSeconds.toFixed(2), '≤ 5', '', ''],
            ['incremental: events emitted / products changed', `${incEvents} / ${changes.changed}`, 'equal', '', ''],
            [`search p50 / p99 at ${rate} req/s open loop, ms`, `${open.latency.p50} / ${open.latency.p99}`, 'p99 ≤ 30', '', ''],
            ['search errors (open loop)', String(errors(open)), '0', '', ''],
            ['search saturation, req/s (16 connections)', Math.round(closed.requests.average).toLocaleString('en'), '', '', ''],
            ['ranking cache hits / lookups (mixed queries)', `${repeatedHits[0]} / ${repeatedHits[0] + repeatedHits[1]}`, '', '', ''],
            [
              `distinct questions: p50 / p99 at ${rate} req/s, ms`,
              `${openFresh.latency.p50} / ${openFresh.latency.p99}`,
              'p99 ≤ 30',
              '',
              '',
            ],
            ['distinct questions: errors (open loop)', String(errors(openFresh)), '0', '', ''],
            ['distinct questions: saturation, req/s', Math.round(closedFresh.requests.average).toLocaleString('en'), '', '', ''],
            [
              'ranking cache hits / lookups (distinct questions)',
              `${freshHits[0] - repeatedHits[0]} / ${freshHits[0] + freshHits[1] - repeatedHits[0] - repeatedHits[1]}`,
              '',
              '',
              '',
            ],
          ],
        )}`,
      );
      if (incEvents !== changes.changed) notes.push(`incremental emitted ${incEvents} events for ${changes.changed} changes`);
      notes.push(
        `full sync: retailer paged ${page}/page; sync workflow done after ${((tSynced - t0) / 1000).toFixed(1)} s, last event acked ${((tFull - tSynced) / 1000).toFixed(1)} s later`,
      );
      notes.push(`warm-up: ${warm.requests.total} searches before measuring`);

      const figures: Figure[] = [
        {
          key: 'catalog.fullSync.productsPerSec',
          label: 'Full sync to searchable, events included',
          value: Math.round(fullRate),
          unit: 'products/s',
          detail: `${products.toLocaleString('en')} products in ${fullSeconds.toFixed(1)} s; ${ratio(fullRate, copyRate)} of raw COPY`,
          cpu: fullCpu,
        },
        {
          key: 'catalog.fullSync.eventsPerSec',
          label: 'Product-changed events over the full sync',
          value: Math.round(products / eventSeconds),
          unit: 'events/s',
          detail: `${ratio(products / eventSeconds, produceRate)} of raw Kafka produce (${Math.round(produceRate)} msg/s)`,
        },
        { key: 'catalog.rss.httpMaxMiB', label: 'catalog-sync HTTP process RSS (max)', value: Math.round(maxRss[0] ?? 0), unit: 'MiB' },
        { key: 'catalog.rss.workerMaxMiB', label: 'catalog-sync worker RSS (max)', value: Math.round(maxRss[1] ?? 0), unit: 'MiB' },
        {
          key: 'catalog.incremental.seconds',
          label: `Incremental sync of ${changes.changed} changes to the last event`,
          value: Math.round(incSeconds * 100) / 100,
          unit: 's',
          detail: `${incEvents} events for ${changes.changed} changes; run ${inc.status}`,
        },
        {
          key: 'catalog.search.p50Ms',
          label: `Search p50 at ${rate} req/s (open loop, ${seconds} s)`,
          value: open.latency.p50,
          unit: 'ms',
        },
        {
          key: 'catalog.search.p99Ms',
          label: `Search p99 at ${rate} req/s (open loop, ${seconds} s)`,
          value: open.latency.p99,
          unit: 'ms',
          detail: `${open.requests.total} requests, ${errors(open)} errors`,
        },
        {
          key: 'catalog.search.saturationRps',
          label: 'Search saturation (closed loop, 16 connections)',
          value: Math.round(closed.requests.average),
          unit: 'req/s',
          detail: `p99 ${closed.latency.p99} ms`,
        },
        {
          key: 'catalog.search.distinct.p99Ms',
          label: `Search p99 at ${rate} req/s, every question new (open loop, ${seconds} s)`,
          value: openFresh.latency.p99,
          unit: 'ms',
          detail: `p50 ${openFresh.latency.p50} ms; ${openFresh.requests.total} requests, ${errors(openFresh)} errors`,
        },
        {
          key: 'catalog.search.distinct.saturationRps',
          label: 'Search saturation, every question new (closed loop, 16 connections)',
          value: Math.round(closedFresh.requests.average),
          unit: 'req/s',
          detail: `p99 ${closedFresh.latency.p99} ms`,
        },
        ...pg.figures,
        ...kafka.figures,
      ];
      return {
        figures,
        settings: { products, page, rate, seconds, changedFraction, queries: QUERIES.length, pg: pg.facts, kafka: kafka.facts },
        notes,
      };
    } finally {
      await Promise.all(procs.map((p) => p.stop()));
    }
  },
};
