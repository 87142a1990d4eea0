import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { CATALOG_SYNC_WORKFLOW, type ProductChangedV1, type ProductSearchResult, type ProductView, Topics } from '@looma-hub/contracts';
import type { CloudEvent } from '@looma-hub/contracts';
import { createTemporalClient, installTemporalRuntime, type RunningWorker } from '@looma-hub/platform';
import { type Client, ScheduleNotFoundError, ScheduleOverlapPolicy, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { CATALOG_SCHEMA } from '../src/database/data-source';
import { startCatalogSync } from '../src/main';
import { startCatalogSyncWorker } from '../src/worker';
import {
  ensureTestDatabase,
  eventually,
  type RunningSimulators,
  type ServiceProcess,
  startSimulators,
  testEnv,
  uniqueTenantId,
  waitFor as waitForTemporal,
  waitForConsumerGroup,
} from '@looma-hub/testing';
import { connectionChangedProbe, deleteTenantRows, INTERNAL_TOKEN, serviceEnv, startConnectionsOwner } from './support/service';

jest.setTimeout(180_000);

/**
 * The service as deployed: HTTP process (internal API, outbox relay to Kafka, schedules, connection-changed consumer)
 * and worker process (task queue of its own here) against the local Postgres, Kafka and Temporal dev server; the
 * retailer is the simulators app over HTTP, and the tenants' retailer connections live in their owner, a real orders
 * process.
 */
describe('catalog-sync service', () => {
  let sims: RunningSimulators;
  let owner: ServiceProcess;
  let app: INestApplication;
  let baseUrl: string;
  let worker: RunningWorker;
  let temporal: Client;
  let ds: DataSource;
  const tenantId = uniqueTenantId('t-cat-svc');
  const otherTenant = uniqueTenantId('t-cat-other');
  const rejectedTenant = uniqueTenantId('t-cat-rejected');
  const group = `catalog-int-${randomUUID().slice(0, 8)}`;
  let firstRevision = 0;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    installTemporalRuntime('WARN');
    await ensureTestDatabase();
    [sims, owner] = await Promise.all([startSimulators(), startConnectionsOwner()]);
    env = serviceEnv({
      CATALOG_TASK_QUEUE: `catalog-test-${randomUUID()}`,
      CATALOG_SYNC_PAGE_SIZE: '7',
      CONNECTIONS_URL: owner.url,
      CONNECTIONS_CACHE_TTL_MS: '60000',
      CATALOG_CONSUMER_GROUP: group,
      CATALOG_CONSUMER_FROM_BEGINNING: 'false',
    });
    // Fixtures the ranking test needs, next to the simulator's seeded catalog.
    await sims.upsertRetailerProducts([
      {
        id: 'cafeteira-1',
        sku: 'ELP-CAFETEIRA-1',
        name: 'Cafeteira Elétrica Mondial Pratic 15 xícaras',
        category: 'eletroportateis',
        priceCents: 9990,
        stock: 5,
      },
      { id: 'bolo-1', sku: 'PAD-BOLO-CAFE', name: 'Bolo Sabor Café com Leite 300g', category: 'padaria', priceCents: 1290, stock: 10 },
    ]);
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
    for (const t of [tenantId, rejectedTenant]) {
      await temporal?.schedule
        .getHandle(`catalog-sync-${t}`)
        .delete()
        .catch(() => undefined);
    }
    await temporal?.connection.close();
    await worker?.shutdown();
    if (ds?.isInitialized) await deleteTenantRows(ds, [tenantId, otherTenant, rejectedTenant]);
    await app?.close();
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
  const search = async (q: string, extra = '', t = tenantId) =>
    (await call<ProductSearchResult>('GET', `${tenant(t)}/products?q=${encodeURIComponent(q)}${extra}`)).body;
  const events = async () =>
    (await ds.query(`SELECT payload, published_at FROM catalog.outbox WHERE tenant_id = $1 AND topic = $2 ORDER BY created_at, id`, [
      tenantId,
      Topics.productChanged,
    ])) as { payload: CloudEvent<ProductChangedV1>; published_at: Date | null }[];
  const waitFor = (workflowId: string) =>
    temporal.workflow.getHandle(workflowId).result() as Promise<{ changed: number; fetched: number; done: boolean }>;
  /** Connects the tenant's retailer at its owner (orders), as the gateway's admin API does: one call. */
  const connect = async <T = Record<string, unknown>>(t: string, body: unknown) => {
    const res = await fetch(`${owner.url}/internal/tenants/${t}/connections/retailer`, {
      method: 'PUT',
      headers: { 'x-internal-token': INTERNAL_TOKEN, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  /** A run started by the connection-changed consumer, once it exists: its result, and which run it was. */
  const runOf = async (workflowId: string, notRunId?: string) => {
    const described = await waitForTemporal(
      async () => {
        try {
          return await temporal.workflow.getHandle(workflowId).describe();
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) return undefined;
          throw err;
        }
      },
      { until: (d) => d !== undefined && d.runId !== notRunId, timeoutMs: 30_000, what: `${workflowId} to start` },
    );
    return {
      runId: described!.runId,
      result: temporal.workflow.getHandle(workflowId, described!.runId).result() as Promise<{
        changed: number;
        fetched: number;
        done: boolean;
      }>,
    };
  };
  const processedEvents = async () =>
    Number(
      ((await ds.query(`SELECT count(*) AS n FROM catalog.processed_message WHERE consumer_group = $1`, [group])) as { n: string }[])[0]?.n,
    );

  it('refuses callers without the internal token and syncs of tenants without a connection', async () => {
    const denied = await call('GET', `${tenant(tenantId)}/products`, undefined, 'wrong-token-wrong-token');
    expect(denied.status).toBe(401);
    expect(denied.type).toContain('application/problem+json');
    const notConnected = await call<{ code: string }>('POST', `${tenant(tenantId)}/sync`, { mode: 'full' });
    expect(notConnected.status).toBe(422);
    expect(notConnected.body.code).toBe('retailer.not-connected');
  });

  it('names the bad field of a connection (at its owner) or a search', async () => {
    const bad = await connect<{ errors: { field: string }[] }>(tenantId, { baseUrl: 'not a url', token: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toContain('baseUrl');
    const size = await call<{ errors: { field: string }[] }>('GET', `${tenant(tenantId)}/products?size=0`);
    expect(size.status).toBe(400);
    expect(size.body.errors.map((e) => e.field)).toContain('size');
    const mode = await call('POST', `${tenant(tenantId)}/sync`, { mode: 'sometimes' });
    expect(mode.status).toBe(400);
  });

  it('on connect at the owner: schedules incremental syncs every 15 minutes (overlap SKIP) and stores the full catalog; keeps no copy of the connection', async () => {
    const retailerProducts = await sims.retailerProducts();
    const res = await connect<{ revision: number; secretHints: Record<string, string> }>(tenantId, {
      baseUrl: sims.retailer.baseUrl,
      token: sims.retailer.token,
      timeoutMs: 5000,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ secretHints: { token: `…${sims.retailer.token.slice(-4)}` } });
    firstRevision = res.body.revision;
    expect(JSON.stringify(res.body)).not.toContain(sims.retailer.token);

    // The connection-changed event makes catalog-sync schedule and start the first full sync.
    const { result } = await runOf(`catalog-sync-${tenantId}-full`);
    expect(await result).toMatchObject({ fetched: retailerProducts.length, changed: retailerProducts.length, done: true });
    const schedule = await temporal.schedule.getHandle(`catalog-sync-${tenantId}`).describe();
    expect(schedule.spec.intervals?.[0]?.every).toBe(15 * 60_000);
    expect(schedule.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(schedule.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: CATALOG_SYNC_WORKFLOW,
      args: [{ tenantId, mode: 'incremental' }],
    });
    // One owner: catalog-sync's schema has no connection table, and nothing it stored holds the token.
    const tables = (await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'catalog' ORDER BY 1`)) as {
      table_name: string;
    }[];
    expect(tables.map((t) => t.table_name)).toEqual(['migrations', 'outbox', 'processed_message', 'product', 'sync_state']);

    const all = (await call<ProductSearchResult>('GET', `${tenant(tenantId)}/products?includeInactive=true&size=100`)).body;
    expect(all.total).toBe(retailerProducts.length);
    expect(new Set(all.items.map((p) => p.externalId))).toEqual(new Set(retailerProducts.map((p) => p.id)));
    expect((await events()).length).toBe(retailerProducts.length);

    const state = await call<{ connected: boolean; watermark: string | null; lastFullSyncAt: string | null; products: { total: number } }>(
      'GET',
      `${tenant(tenantId)}/sync`,
    );
    expect(state.body).toMatchObject({ connected: true, products: { total: retailerProducts.length } });
    expect(state.body.watermark).not.toBeNull();
    expect(state.body.lastFullSyncAt).not.toBeNull();
  });

  it('the same settings again change nothing: no new revision, no connection-changed event', async () => {
    const announced = async () =>
      Number(
        (
          (await ds.query(`SELECT count(*) AS n FROM orders.outbox WHERE tenant_id = $1 AND topic = $2`, [
            tenantId,
            Topics.connectionChanged,
          ])) as {
            n: string;
          }[]
        )[0]?.n,
      );
    expect(await announced()).toBe(1);
    const res = await connect<{ revision: number }>(tenantId, {
      baseUrl: sims.retailer.baseUrl,
      token: sims.retailer.token,
      timeoutMs: 5000,
    });
    expect(res.body.revision).toBe(firstRevision);
    expect(await announced()).toBe(1);
  });

  it('a rotated token is one call at the owner and is used by the very next sync, though the old one was cached', async () => {
    const { runId: fullRun } = await runOf(`catalog-sync-${tenantId}-full`);
    const rotated = `rotated-${randomUUID()}`;
    await sims.control('PUT', '/_control/retailer/tokens', { tokens: [rotated] });
    try {
      const res = await connect<{ revision: number }>(tenantId, { baseUrl: sims.retailer.baseUrl, token: rotated, timeoutMs: 5000 });
      expect(res.body.revision).toBeGreaterThan(firstRevision);
      // The worker still caches the first revision (TTL 60 s here): the retailer refuses it, the owner has a newer one, the page is fetched again.
      const started = await call<{ workflowId: string }>('POST', `${tenant(tenantId)}/sync`, { mode: 'incremental' });
      expect((await waitFor(started.body.workflowId)).done).toBe(true);
      // A new token alone starts no full sync.
      await eventually(async () => ((await processedEvents()) >= 2 ? true : undefined), { what: 'the rotation event to be processed' });
      expect((await temporal.workflow.getHandle(`catalog-sync-${tenantId}-full`).describe()).runId).toBe(fullRun);
    } finally {
      await sims.control('PUT', '/_control/retailer/tokens', { tokens: [rotated, sims.retailer.token] });
      await connect(tenantId, { baseUrl: sims.retailer.baseUrl, token: sims.retailer.token, timeoutMs: 5000 });
    }
  });

  it('a second full sync changes nothing and emits nothing', async () => {
    const before = (await events()).length;
    const started = await call<{ workflowId: string; mode: string }>('POST', `${tenant(tenantId)}/sync`, { mode: 'full' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ workflowId: `catalog-sync-${tenantId}-full`, mode: 'full' });
    const result = await waitFor(started.body.workflowId);
    expect(result.changed).toBe(0);
    expect(result.fetched).toBeGreaterThan(0);
    expect((await events()).length).toBe(before);
  });

  it('an updated product emits exactly one product-changed event, relayed to Kafka', async () => {
    const before = await events();
    await sims.upsertRetailerProducts([{ id: '1003', priceCents: 2049 }]);
    const started = await call<{ workflowId: string }>('POST', `${tenant(tenantId)}/sync`, { mode: 'incremental' });
    expect(started.body.workflowId).toBe(`catalog-sync-${tenantId}-incremental`);
    expect((await waitFor(started.body.workflowId)).changed).toBe(1);

    const after = await events();
    expect(after).toHaveLength(before.length + 1);
    const event = after[after.length - 1]!.payload;
    expect(event).toMatchObject({ specversion: '1.0', type: Topics.productChanged, tenantid: tenantId });
    expect(event.data).toMatchObject({ externalId: '1003', change: 'updated', priceCents: 2049, promoPriceCents: 1699 });
    // The relay marks a row published only once Kafka acknowledged it.
    await eventually(async () => ((await events()).every((e) => e.published_at !== null) ? true : undefined), {
      timeoutMs: 20_000,
      what: 'outbox relayed',
    });

    const view = (await call<ProductView>('GET', `${tenant(tenantId)}/products/1003`)).body;
    expect(view.priceCents).toBe(2049);
    expect(view.effectivePriceCents).toBe(1699); // the seeded promo window is open now
  });

  it('a sync asked for again while it runs is joined, not duplicated', async () => {
    await sims.control('POST', '/_control/faults', { path: '/retailer/v1/products', method: 'GET', latencyMs: 1_500, times: 1 });
    const first = await call<{ workflowId: string; runId: string }>('POST', `${tenant(tenantId)}/sync`, { mode: 'incremental' });
    const second = await call<{ workflowId: string; runId: string }>('POST', `${tenant(tenantId)}/sync`, { mode: 'incremental' });
    expect(second.body).toEqual(first.body);
    await waitFor(first.body.workflowId);
  });

  it('retries a retailer that is briefly down, and stops at once on a business refusal', async () => {
    await sims.control('POST', '/_control/faults', { path: '/retailer/v1/products', method: 'GET', status: 503, times: 1 });
    const retried = await call<{ workflowId: string }>('POST', `${tenant(tenantId)}/sync`, { mode: 'incremental' });
    expect((await waitFor(retried.body.workflowId)).done).toBe(true);

    // A wrong token: the retailer answers 401, which no retry can fix (and the owner has nothing newer).
    await connect(rejectedTenant, { baseUrl: sims.retailer.baseUrl, token: 'not-the-retailer-token' });
    const { result } = await runOf(`catalog-sync-${rejectedTenant}-full`);
    const started = Date.now();
    const outcome = await result.then(
      () => 'completed',
      (err: unknown) => err,
    );
    expect(outcome).toBeInstanceOf(WorkflowFailedError);
    expect(String((outcome as WorkflowFailedError).cause?.cause)).toMatch(/401/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await call<{ watermark: string | null }>('GET', `${tenant(rejectedTenant)}/sync`)).body.watermark).toBeNull();
  });

  it('finds "Café" for "cafe" (and "CAFÉ"), best matches first', async () => {
    const result = await search('cafe');
    const names = result.items.map((p) => p.name);
    expect(names[0]).toMatch(/^(Café Torrado|Bolo Sabor Café)/);
    expect(names).toContain('Café Torrado e Moído Pilão 500g');
    expect(names).toContain('Cafeteira Elétrica Mondial Pratic 15 xícaras');
    // A whole-word match outranks a word that merely starts with the query.
    expect(names.indexOf('Café Torrado e Moído Pilão 500g')).toBeLessThan(names.indexOf('Cafeteira Elétrica Mondial Pratic 15 xícaras'));
    expect((await search('CAFÉ')).items.map((p) => p.id)).toEqual(result.items.map((p) => p.id));
    expect(names).not.toContain('Feijão Carioca Camil 1kg');
  });

  it('matches sku, barcode and external id exactly, ahead of name matches', async () => {
    const bySku = await search('MER-CAF-PIL-500');
    expect(bySku.items[0]?.externalId).toBe('1003');
    const barcode = bySku.items[0]!.barcode!;
    expect((await search(barcode)).items.map((p) => p.externalId)).toEqual(['1003']);
    expect((await search('1003')).items[0]?.externalId).toBe('1003');
  });

  it('tolerates a typo and pages consistently', async () => {
    expect((await search('feijao cariocaa')).items[0]?.name).toBe('Feijão Carioca Camil 1kg');
    const page1 = await search('', '&from=0&size=5');
    const page2 = await search('', '&from=5&size=5');
    expect(page1.items).toHaveLength(5);
    expect(page2.from).toBe(5);
    expect(page1.total).toBe(page2.total);
    expect(new Set([...page1.items, ...page2.items].map((p) => p.id)).size).toBe(10);
  });

  it('hides inactive products unless asked, and prices by the promo window', async () => {
    expect((await search('smart tv lg')).items).toHaveLength(0);
    const inactive = await search('smart tv lg', '&includeInactive=true');
    expect(inactive.items[0]).toMatchObject({ externalId: '1020', active: false });
    const expired = (await call<ProductView>('GET', `${tenant(tenantId)}/products/1010`)).body; // promo ended 10 days ago
    expect(expired.effectivePriceCents).toBe(expired.priceCents);
    const future = (await call<ProductView>('GET', `${tenant(tenantId)}/products/1006`)).body; // promo starts in 10 days
    expect(future.promoPriceCents).not.toBeNull();
    expect(future.effectivePriceCents).toBe(future.priceCents);
  });

  it('gets a product by hub id or external id; 404 problem otherwise', async () => {
    const byExternal = await call<ProductView>('GET', `${tenant(tenantId)}/products/1001`);
    expect(byExternal.status).toBe(200);
    const byId = await call<ProductView>('GET', `${tenant(tenantId)}/products/${byExternal.body.id}`);
    expect(byId.body.externalId).toBe('1001');
    const missing = await call<{ code: string }>('GET', `${tenant(tenantId)}/products/does-not-exist`);
    expect(missing.status).toBe(404);
    expect(missing.type).toContain('application/problem+json');
    expect(missing.body.code).toBe('product.not-found');
  });

  it('keeps tenants apart', async () => {
    expect((await search('cafe', '', otherTenant)).total).toBe(0);
    const byId = (await call<ProductView>('GET', `${tenant(tenantId)}/products/1001`)).body.id;
    expect((await call('GET', `${tenant(otherTenant)}/products/${byId}`)).status).toBe(404);
    expect((await call('GET', `${tenant(otherTenant)}/products/1001`)).status).toBe(404);
    const state = await call<{ connected: boolean; watermark: string | null }>('GET', `${tenant(otherTenant)}/sync`);
    expect(state.body).toMatchObject({ connected: false, watermark: null });
  });

  it('deleting the tenant leaves nothing: no schedule, no running sync, no product, no sync state', async () => {
    // The rejected tenant's schedule exists; start a slow sync for the main tenant so there is one running.
    await sims.control('POST', '/_control/faults', { path: '/retailer/v1/products', method: 'GET', latencyMs: 5_000, times: 1 });
    const running = await call<{ workflowId: string }>('POST', `${tenant(tenantId)}/sync`, { mode: 'full' });
    for (const t of [tenantId, rejectedTenant]) expect((await call('DELETE', tenant(t))).status).toBe(204);
    const outcome = await waitFor(running.body.workflowId).then(
      () => 'completed',
      (err: unknown) => err,
    );
    expect(String((outcome as WorkflowFailedError).cause)).toMatch(/Terminated|terminated/);
    for (const t of [tenantId, rejectedTenant]) {
      const gone = await temporal.schedule
        .getHandle(`catalog-sync-${t}`)
        .describe()
        .then(
          () => 'still there',
          (err: unknown) => (err instanceof ScheduleNotFoundError ? 'gone' : err),
        );
      expect(gone).toBe('gone');
      const left = (await ds.query(
        `SELECT (SELECT count(*) FROM catalog.product WHERE tenant_id = $1)::int AS products,
                (SELECT count(*) FROM catalog.sync_state WHERE tenant_id = $1)::int AS states`,
        [t],
      )) as { products: number; states: number }[];
      expect(left).toEqual([{ products: 0, states: 0 }]);
    }
    // Again: nothing to do, still 204.
    expect((await call('DELETE', tenant(tenantId))).status).toBe(204);
  });
});
