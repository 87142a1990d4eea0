import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import {
  CATALOG_SYNC_WORKFLOW,
  type CatalogSyncProgress,
  type CloudEvent,
  type ProductChangedV1,
  type ProductSearchResult,
  type ProductView,
  type RetailerProductInput,
  type RetailerProductPage,
  Topics,
} from '@looma-hub/contracts';
import { createTemporalClient, installTemporalRuntime, type RunningWorker } from '@looma-hub/platform';
import {
  ensureTestDatabase,
  recordTopic,
  type RunningSimulators,
  type ServiceProcess,
  startSimulators,
  startTcpProxy,
  type TcpProxy,
  testEnv,
  type TopicRecording,
  uniqueTenantId,
  waitFor,
  waitForConsumerGroup,
} from '@looma-hub/testing';
import { type Client, ScheduleOverlapPolicy, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { CATALOG_SCHEMA } from '../src/database/data-source';
import { startCatalogSync } from '../src/main';
import { startCatalogSyncWorker } from '../src/worker';
import { connectionChangedProbe, deleteTenantRows, INTERNAL_TOKEN, serviceEnv, startConnectionsOwner } from './support/service';

jest.setTimeout(240_000);

interface SyncRun {
  workflowId: string;
  status: string;
  progress: CatalogSyncProgress | null;
  failure: string | null;
}

/**
 * The service as deployed: HTTP process (internal API, change feed, schedules, consumers) and worker process (task
 * queue of its own here) against the local Postgres, Kafka and Temporal dev server; the retailer is the simulators
 * over HTTP (a generated catalog per tenant), the tenants' retailer connections live in their owner (orders).
 */
describe('catalog-sync service', () => {
  let sims: RunningSimulators;
  let owner: ServiceProcess;
  let app: INestApplication;
  let baseUrl: string;
  let worker: RunningWorker;
  let temporal: Client;
  let ds: DataSource;
  let proxy: TcpProxy;
  const tenantId = uniqueTenantId('t-cat');
  const flakyTenant = uniqueTenantId('t-cat-flaky');
  const otherTenant = uniqueTenantId('t-cat-other');
  const group = `catalog-int-${randomUUID().slice(0, 8)}`;
  const recordings: TopicRecording<CloudEvent<ProductChangedV1>>[] = [];

  beforeAll(async () => {
    installTemporalRuntime('WARN');
    await ensureTestDatabase();
    [sims, owner] = await Promise.all([startSimulators(), startConnectionsOwner()]);
    proxy = await startTcpProxy({ port: Number(new URL(sims.baseUrl).port) });
    const env = serviceEnv({
      CATALOG_TASK_QUEUE: `catalog-test-${randomUUID()}`,
      CATALOG_SYNC_PAGE_SIZE: '250',
      // The default feed batch (2000): the 2,000 products of the first sync go out in one drain, several MB, which the
      // broker only takes split into requests under its message size limit.
      CATALOG_FEED_BATCH_SIZE: '2000',
      CONNECTIONS_URL: owner.url,
      CONNECTIONS_CACHE_TTL_MS: '60000',
      CATALOG_CONSUMER_GROUP: group,
      CATALOG_CONSUMER_FROM_BEGINNING: 'false',
    });
    ({ app, url: baseUrl } = await startCatalogSync(env));
    await waitForConsumerGroup({
      databaseUrl: testEnv().DATABASE_URL,
      schema: CATALOG_SCHEMA,
      groupId: group,
      topic: Topics.connectionChanged,
      probe: connectionChangedProbe,
    });
    worker = await startCatalogSyncWorker(env);
    const { TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE } = testEnv();
    temporal = await createTemporalClient({ address: TEMPORAL_ADDRESS, namespace: TEMPORAL_NAMESPACE });
    ds = app.get(DataSource);
  });

  afterAll(async () => {
    for (const t of [tenantId, flakyTenant, otherTenant]) {
      await temporal?.schedule
        .getHandle(`catalog-sync-${t}`)
        .delete()
        .catch(() => undefined);
    }
    await Promise.all(recordings.map((r) => r.stop()));
    await temporal?.connection.close();
    await worker?.shutdown();
    try {
      if (ds?.isInitialized) await deleteTenantRows(ds, [tenantId, flakyTenant, otherTenant]);
    } finally {
      await app?.close();
    }
    await proxy?.close();
    await Promise.all([sims?.stop(), owner?.stop()]);
  });

  const call = async <T = unknown>(method: string, path: string, body?: unknown, token = INTERNAL_TOKEN) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'x-internal-token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (text ? JSON.parse(text) : undefined) as T };
  };
  const tenant = (t: string) => `/internal/tenants/${t}`;
  const search = async (t: string, query: string) => (await call<ProductSearchResult>('GET', `${tenant(t)}/products?${query}`)).body;
  const connect = async (t: string, baseUrl: string) => {
    const res = await fetch(`${owner.url}/internal/tenants/${t}/connections/retailer`, {
      method: 'PUT',
      headers: { 'x-internal-token': INTERNAL_TOKEN, 'content-type': 'application/json' },
      body: JSON.stringify({ baseUrl, token: sims.retailer.token, timeoutMs: 2_000 }),
    });
    expect(res.status).toBe(200);
  };
  const record = async (t: string) => {
    const r = await recordTopic<CloudEvent<ProductChangedV1>>(Topics.productChanged, `${t}:`);
    recordings.push(r);
    return r;
  };
  /** The sync's final state, through the internal API (the way the admin API and the CLI follow one). */
  const finished = (t: string, workflowId: string) =>
    waitFor(async () => (await call<SyncRun>('GET', `${tenant(t)}/sync/runs/${workflowId}`)).body, {
      until: (r) => r.status !== 'running',
      timeoutMs: 180_000,
      intervalMs: 500,
      what: `${workflowId} to end`,
    });
  const started = (workflowId: string) =>
    waitFor(
      async () => {
        try {
          return await temporal.workflow.getHandle(workflowId).describe();
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) return undefined;
          throw err;
        }
      },
      { until: (d) => d !== undefined, timeoutMs: 30_000, what: `${workflowId} to start` },
    );
  const sync = async (t: string, mode: 'full' | 'incremental') => {
    const res = await call<{ workflowId: string }>('POST', `${tenant(t)}/sync`, { mode });
    expect(res.status).toBe(202);
    return finished(t, res.body.workflowId);
  };
  /** What the retailer has now, through the API the sync reads: each product's collections, as a sorted set. */
  const retailerCollections = async (catalog: string) => {
    const res = await fetch(`${sims.baseUrl}/retailer/catalogs/${catalog}/v1/products?limit=5000`, {
      headers: { authorization: `Bearer ${sims.retailer.token}` },
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as Omit<RetailerProductPage, 'items'> & { items: RetailerProductInput[] };
    expect(page.nextCursor).toBeNull();
    return new Map(page.items.map((p) => [p.id, [...new Set(p.collections ?? [])].sort()]));
  };
  /** Every product a search finds, page by page. */
  const searchAll = async (t: string, query: string) => {
    const found: ProductView[] = [];
    let cursor: string | null = null;
    do {
      const page: ProductSearchResult = await search(t, `${query}&size=100${cursor ? `&cursor=${cursor}` : ''}`);
      found.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return found;
  };

  it('refuses callers without the internal token and syncs of tenants without a connection', async () => {
    const denied = await call('GET', `${tenant(tenantId)}/products`, undefined, 'wrong-token-wrong-token');
    expect(denied.status).toBe(401);
    expect(denied.type).toContain('application/problem+json');
    const notConnected = await call<{ code: string }>('POST', `${tenant(tenantId)}/sync`, { mode: 'full' });
    expect([notConnected.status, notConnected.body.code]).toEqual([422, 'retailer.not-connected']);
    const badMode = await call<{ errors: { field: string }[] }>('POST', `${tenant(tenantId)}/sync`, { mode: 'sometimes' });
    expect([badMode.status, badMode.body.errors.map((e) => e.field)]).toEqual([400, ['mode']]);
  });

  it('on connect: schedules incremental syncs, reads the whole catalog, and announces each product once as created', async () => {
    await sims.control('PUT', '/_control/retailer/catalogs/alpha', { size: 2_000, seed: 3 });
    const events = await record(tenantId);
    await connect(tenantId, `${sims.baseUrl}/retailer/catalogs/alpha`);

    // The connection-changed event makes catalog-sync schedule and start the first full sync.
    const workflowId = `catalog-sync-${tenantId}-full`;
    await started(workflowId);
    const run = await finished(tenantId, workflowId);
    expect(run.status).toBe('completed');
    expect(run.progress).toMatchObject({ mode: 'full', state: 'done', pages: 8, seen: 2_000, changed: 2_000, rejected: 0, deactivated: 0 });
    expect(run.progress?.elapsedMs).toBeGreaterThan(0);

    const schedule = await temporal.schedule.getHandle(`catalog-sync-${tenantId}`).describe();
    expect(schedule.spec.intervals?.[0]?.every).toBe(15 * 60_000);
    expect(schedule.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(schedule.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: CATALOG_SYNC_WORKFLOW,
      args: [{ tenantId, mode: 'incremental' }],
    });

    const all = await events.waitFor(2_000);
    expect(new Set(all.map((e) => e.value.data.externalId)).size).toBe(2_000);
    expect(new Set(all.map((e) => e.value.id)).size).toBe(2_000);
    expect(all.every((e) => e.value.data.change === 'created' && e.value.tenantid === tenantId)).toBe(true);
    // Keyed by tenant and product, the whole state in the event (what the retailer sent).
    const g42 = all.find((e) => e.value.data.externalId === 'G0000042');
    expect(g42?.key).toBe(`${tenantId}:${g42?.value.data.productId}`);
    // Each product with the retailer's collections (a share of the generated catalog is in one or two).
    const retailer = await retailerCollections('alpha');
    expect(new Map(all.map((e) => [e.value.data.externalId, e.value.data.collections]))).toEqual(retailer);
    expect(new Set([...retailer.values()].map((c) => c.length))).toEqual(new Set([0, 1, 2]));
  });

  it("serves each product's collections and filters by one (accents and case ignored)", async () => {
    const retailer = await retailerCollections('alpha');
    const [twoId, two] = [...retailer].find(([, c]) => c.length === 2) ?? [];
    const view = await call<ProductView>('GET', `${tenant(tenantId)}/products/${twoId}`);
    expect([view.status, view.body.collections]).toEqual([200, two]);
    const summer = [...retailer].filter(([, c]) => c.includes('Verão 2027')).map(([id]) => id);
    const found = [
      ...(await searchAll(tenantId, 'collection=VERAO%202027')),
      ...(await searchAll(tenantId, 'collection=VERAO%202027&active=false')),
    ];
    expect(found.map((p) => p.externalId).sort()).toEqual(summer.sort());
    expect(found.every((p) => p.collections.includes('Verão 2027'))).toBe(true);
    expect((await search(tenantId, 'collection=Nenhuma%20Cole%C3%A7%C3%A3o')).items).toEqual([]);
  });

  it('incremental sync after 1% changed: exactly the changed products announced, each saying what changed', async () => {
    const events = await record(tenantId);
    const changes = await sims.control<{ changed: number; productIds: string[] }>('POST', '/_control/retailer/catalogs/alpha/changes', {
      fraction: 0.01,
      seed: 21,
    });
    expect(changes.changed).toBe(20);
    const run = await sync(tenantId, 'incremental');
    expect(run.progress).toMatchObject({ mode: 'incremental', changed: 20, rejected: 0 });
    const got = await events.waitFor(20);
    // Nothing more than the changes: a marker (one more change, announced after) proves the feed went past them.
    const marker = await sims.control<{ productIds: string[] }>('POST', '/_control/retailer/catalogs/alpha/changes', {
      count: 1,
      seed: 99,
      kinds: ['price'],
    });
    await sync(tenantId, 'incremental');
    await events.waitFor(21);
    expect(
      got
        .slice(0, 20)
        .map((e) => e.value.data.externalId)
        .sort(),
    ).toEqual([...changes.productIds].sort());
    expect(got[20]?.value.data.externalId).toBe(marker.productIds[0]);
    expect(got.length).toBe(21);
    const kinds = new Set(got.map((e) => e.value.data.change));
    expect(kinds.has('created') && kinds.has('updated')).toBe(true);
    const priceChange = got.find((e) => e.value.data.externalId === marker.productIds[0]);
    expect(priceChange?.value.data.changed).toEqual(['price']);
  });

  it('a change of collections alone is a change: stored, served, announced as changed collections, and stored once', async () => {
    const events = await record(tenantId);
    const changes = await sims.control<{ changed: number; productIds: string[] }>('POST', '/_control/retailer/catalogs/alpha/changes', {
      count: 5,
      seed: 31,
      kinds: ['collections'],
    });
    expect(changes.changed).toBe(5);
    const run = await sync(tenantId, 'incremental');
    expect(run.progress).toMatchObject({ mode: 'incremental', changed: 5, rejected: 0 });
    const got = await events.waitFor(5);
    const retailer = await retailerCollections('alpha');
    expect(got.map((e) => [e.value.data.externalId, e.value.data.changed, e.value.data.collections]).sort()).toEqual(
      changes.productIds.map((id) => [id, ['collections'], retailer.get(id)]).sort(),
    );
    const view = await call<ProductView>('GET', `${tenant(tenantId)}/products/${changes.productIds[0]}`);
    expect(view.body.collections).toEqual(retailer.get(changes.productIds[0] ?? ''));
    // Read again, the same collections are no change: nothing stored.
    expect((await sync(tenantId, 'full')).progress).toMatchObject({ mode: 'full', changed: 0, deactivated: 0 });
  });

  it('a full sync deactivates what the retailer no longer has (kept, not deleted) and announces it', async () => {
    const page = await search(tenantId, 'size=5&sort=name');
    const gone = page.items.map((p) => p.externalId);
    const events = await record(tenantId);
    await sims.control('POST', '/_control/retailer/catalogs/alpha/removals', { ids: gone });
    const run = await sync(tenantId, 'full');
    expect(run.progress).toMatchObject({ mode: 'full', changed: 0, deactivated: 5 });
    const got = await events.waitFor(5);
    expect(got.map((e) => [e.value.data.externalId, e.value.data.change, e.value.data.changed, e.value.data.active]).sort()).toEqual(
      gone.map((id) => [id, 'deactivated', ['active'], false]).sort(),
    );
    const inactive = await search(tenantId, 'active=false&size=100');
    expect(inactive.items.map((p) => p.externalId)).toEqual(expect.arrayContaining(gone));
    const lookup = await call<ProductView>('GET', `${tenant(tenantId)}/products/${gone[0]}`);
    expect([lookup.status, lookup.body.active]).toEqual([200, false]);
  });

  it('quarantines each kind of bad data with its reason and page, applies the rest, and releases an item once it is fixed', async () => {
    const ok = { priceCents: 1990, stock: 3, active: true, updatedAt: new Date().toISOString(), name: 'Produto' };
    await sims.control('POST', '/_control/retailer/catalogs/alpha/raw', {
      items: [
        { ...ok, id: undefined, name: 'Sem id' },
        { ...ok, id: 'BAD-STOCK', stock: -4 },
        { ...ok, id: 'BAD-PRICE', priceCents: '19,90' },
        { ...ok, id: 'BAD-PROMO', promoPriceCents: 990, promoStart: '2026-12-20', promoEnd: '2026-12-01' },
        { ...ok, id: 'DUP', name: 'Versão antiga', updatedAt: new Date(Date.now() - 60_000).toISOString() },
        { ...ok, id: 'DUP', name: 'Versão nova' },
        { ...ok, id: 'HUGE', description: 'x'.repeat(3 * 1024 * 1024) },
        { ...ok, id: 'FINE', name: 'Café Pilão Extra Forte 250g' },
      ],
    });
    const run = await sync(tenantId, 'incremental');
    expect(run.progress).toMatchObject({ rejected: 6, changed: 2 });
    const status = await call<{ quarantine: { total: number; byReason: Record<string, number> } }>('GET', `${tenant(tenantId)}/catalog`);
    expect(status.body.quarantine).toEqual({
      total: 6,
      byReason: { 'missing-id': 1, 'invalid-field': 2, 'promo-window': 1, 'duplicate-id': 1, 'too-large': 1 },
    });
    const q = await call<{
      items: { externalId: string | null; reason: string; field: string | null; sourceRef: string; bytes: number; excerpt: string }[];
    }>('GET', `${tenant(tenantId)}/quarantine?limit=10`);
    const byId = new Map(q.body.items.map((i) => [`${i.externalId}:${i.reason}`, i]));
    expect(byId.get('BAD-STOCK:invalid-field')?.field).toBe('stock');
    expect(byId.get('BAD-PRICE:invalid-field')?.field).toBe('priceCents');
    expect(byId.get('HUGE:too-large')).toMatchObject({ field: 'description' });
    expect(byId.get('HUGE:too-large')!.bytes).toBeGreaterThan(3 * 1024 * 1024);
    expect(byId.get('HUGE:too-large')!.excerpt.length).toBeLessThan(4_000);
    expect(byId.get('DUP:duplicate-id')?.excerpt).toContain('Versão antiga');
    expect(q.body.items.every((i) => /^page \d+, cursor /.test(i.sourceRef))).toBe(true);
    // The rest of the page applied: the newest duplicate and the good item are in the catalog.
    expect((await call<ProductView>('GET', `${tenant(tenantId)}/products/DUP`)).body.name).toBe('Versão nova');
    expect((await call<ProductView>('GET', `${tenant(tenantId)}/products/FINE`)).status).toBe(200);

    // The retailer fixes the stock: the item leaves the quarantine when it is stored valid.
    await sims.control('POST', '/_control/retailer/catalogs/alpha/products', {
      id: 'BAD-STOCK',
      name: 'Estoque corrigido',
      priceCents: 1990,
      stock: 4,
    });
    await sync(tenantId, 'incremental');
    const after = await call<{ quarantine: { total: number } }>('GET', `${tenant(tenantId)}/catalog`);
    expect(after.body.quarantine.total).toBe(5);
  });

  it('a retailer that goes down mid-sync: retried with backoff, tenant degraded, last good data served; resumes with no duplicate', async () => {
    await sims.control('PUT', '/_control/retailer/catalogs/flaky', { size: 3_000, seed: 8 });
    const events = await record(flakyTenant);
    await connect(flakyTenant, `http://127.0.0.1:${proxy.port}/retailer/catalogs/flaky`);
    const workflowId = `catalog-sync-${flakyTenant}-full`;
    await started(workflowId);
    // Some pages stored, then the retailer vanishes.
    await waitFor(async () => (await search(flakyTenant, 'size=1')).items.length, { until: (n) => n > 0, what: 'a first page stored' });
    await proxy.cut();
    const degraded = await waitFor(
      async () => (await call<{ health: string; lastError: string | null }>('GET', `${tenant(flakyTenant)}/catalog`)).body,
      { until: (s) => s.health === 'degraded', timeoutMs: 60_000, what: 'the tenant shown as degraded' },
    );
    expect(degraded.lastError).toMatch(/retailer/);
    const during = await call<{ running: SyncRun[] }>('GET', `${tenant(flakyTenant)}/catalog`);
    expect(during.body.running.map((r) => r.workflowId)).toContain(workflowId);
    // What was stored before the outage is still served.
    const served = await search(flakyTenant, 'size=10');
    expect(served.items.length).toBe(10);
    await proxy.restore();
    const run = await finished(flakyTenant, workflowId);
    expect(run.progress).toMatchObject({ state: 'done', changed: 3_000 });
    const all = await events.waitFor(3_000);
    expect(new Set(all.map((e) => e.value.data.externalId)).size).toBe(3_000);
    expect(all.length).toBe(3_000);
    const healthy = await call<{ health: string }>('GET', `${tenant(flakyTenant)}/catalog`);
    expect(healthy.body.health).toBe('ok');
  });

  it('per-tenant schedule: its own interval, paused and resumed, and "sync now" through the internal API', async () => {
    const set = await call<{ intervalMinutes: number }>('PUT', `${tenant(tenantId)}/sync/schedule`, { intervalMinutes: 5 });
    expect(set.body.intervalMinutes).toBe(5);
    expect((await temporal.schedule.getHandle(`catalog-sync-${tenantId}`).describe()).spec.intervals?.[0]?.every).toBe(5 * 60_000);
    const paused = await call<{ paused: boolean }>('POST', `${tenant(tenantId)}/sync/schedule/pause`);
    expect(paused.body.paused).toBe(true);
    const resumed = await call<{ paused: boolean }>('POST', `${tenant(tenantId)}/sync/schedule/resume`);
    expect(resumed.body.paused).toBe(false);
    const before = (await temporal.schedule.getHandle(`catalog-sync-${tenantId}`).describe()).info.recentActions.length;
    expect((await call('POST', `${tenant(tenantId)}/sync/schedule/trigger`)).status).toBe(202);
    const d = await waitFor(() => temporal.schedule.getHandle(`catalog-sync-${tenantId}`).describe(), {
      until: (x) => x.info.recentActions.length > before,
      what: 'the triggered run',
    });
    const action = d.info.recentActions[d.info.recentActions.length - 1]?.action.workflow.workflowId ?? '';
    expect(action.startsWith(`catalog-sync-${tenantId}-scheduled`)).toBe(true);
    expect((await finished(tenantId, action)).status).toBe('completed');
    const badInterval = await call<{ errors: { field: string }[] }>('PUT', `${tenant(tenantId)}/sync/schedule`, { intervalMinutes: 0 });
    expect([badInterval.status, badInterval.body.errors[0]?.field]).toEqual([400, 'intervalMinutes']);
  });

  it('keeps tenants apart in every read', async () => {
    await sims.control('PUT', '/_control/retailer/catalogs/other', { size: 300, seed: 4, idPrefix: 'OT' });
    await connect(otherTenant, `${sims.baseUrl}/retailer/catalogs/other`);
    await finished(otherTenant, (await started(`catalog-sync-${otherTenant}-full`)).workflowId);
    const mine = await search(tenantId, 'size=100');
    const theirs = await search(otherTenant, 'size=100');
    expect(mine.items.every((p) => p.tenantId === tenantId)).toBe(true);
    expect(theirs.items.every((p) => p.tenantId === otherTenant && p.externalId.startsWith('OT'))).toBe(true);
    // Another tenant's product, by its hub id or its retailer id, is not found.
    const foreign = theirs.items[0] as ProductView;
    expect((await call('GET', `${tenant(tenantId)}/products/${foreign.id}`)).status).toBe(404);
    expect((await call('GET', `${tenant(tenantId)}/products/${foreign.externalId}`)).status).toBe(404);
    const text = await search(otherTenant, `q=${encodeURIComponent(mine.items[0]?.name ?? '')}&size=50`);
    expect(text.items.every((p) => p.tenantId === otherTenant)).toBe(true);
    const quarantine = await call<{ summary: { total: number } }>('GET', `${tenant(otherTenant)}/quarantine`);
    expect(quarantine.body.summary.total).toBe(0);
  });

  it('tenant deletion removes its schedule, syncs and everything stored of it', async () => {
    const res = await call('DELETE', tenant(otherTenant));
    expect(res.status).toBe(204);
    expect((await search(otherTenant, 'size=5')).items).toEqual([]);
    const rows = (await ds.query(
      `SELECT (SELECT count(*) FROM catalog.product WHERE tenant_id = $1)::int AS products,
              (SELECT count(*) FROM catalog.search_term WHERE tenant_id = $1)::int AS terms,
              (SELECT count(*) FROM catalog.sync_state WHERE tenant_id = $1)::int AS state`,
      [otherTenant],
    )) as { products: number; terms: number; state: number }[];
    expect(rows[0]).toEqual({ products: 0, terms: 0, state: 0 });
  });
});
