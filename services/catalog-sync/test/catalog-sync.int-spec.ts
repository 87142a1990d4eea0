import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { CATALOG_SYNC_WORKFLOW, type ProductChangedV1, type ProductSearchResult, type ProductView, Topics } from '@looma-hub/contracts';
import type { CloudEvent } from '@looma-hub/contracts';
import { createTemporalClient, installTemporalRuntime, type RunningWorker } from '@looma-hub/platform';
import { type Client, ScheduleOverlapPolicy, WorkflowFailedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { startCatalogSync } from '../src/main';
import { startCatalogSyncWorker } from '../src/worker';
import { ensureTestDatabase, eventually, type RunningSimulators, startSimulators, testEnv, uniqueTenantId } from '@looma-hub/testing';
import { deleteTenantRows, INTERNAL_TOKEN, serviceEnv } from './support/service';

jest.setTimeout(180_000);

/**
 * The service as deployed: HTTP process (internal API, outbox relay to Kafka, schedules) and worker process
 * (task queue of its own here) against the local Postgres, Kafka and Temporal dev server; the retailer is the
 * simulators app over HTTP.
 */
describe('catalog-sync service', () => {
  let sims: RunningSimulators;
  let app: INestApplication;
  let baseUrl: string;
  let worker: RunningWorker;
  let temporal: Client;
  let ds: DataSource;
  const tenantId = uniqueTenantId('t-cat-svc');
  const otherTenant = uniqueTenantId('t-cat-other');
  const rejectedTenant = uniqueTenantId('t-cat-rejected');
  const env = serviceEnv({ CATALOG_TASK_QUEUE: `catalog-test-${randomUUID()}`, CATALOG_SYNC_PAGE_SIZE: '7' });

  beforeAll(async () => {
    installTemporalRuntime('WARN');
    await ensureTestDatabase();
    sims = await startSimulators();
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
    await sims?.stop();
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

  it('refuses callers without the internal token and syncs of tenants without a connection', async () => {
    const denied = await call('GET', `${tenant(tenantId)}/products`, undefined, 'wrong-token-wrong-token');
    expect(denied.status).toBe(401);
    expect(denied.type).toContain('application/problem+json');
    const notConnected = await call<{ code: string }>('POST', `${tenant(tenantId)}/sync`, { mode: 'full' });
    expect(notConnected.status).toBe(422);
    expect(notConnected.body.code).toBe('retailer.not-connected');
  });

  it('names the bad field of a connection or a search', async () => {
    const bad = await call<{ errors: { field: string }[] }>('PUT', `${tenant(tenantId)}/retailer-connection`, {
      baseUrl: 'not a url',
      token: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toContain('baseUrl');
    const size = await call<{ errors: { field: string }[] }>('GET', `${tenant(tenantId)}/products?size=0`);
    expect(size.status).toBe(400);
    expect(size.body.errors.map((e) => e.field)).toContain('size');
    const mode = await call('POST', `${tenant(tenantId)}/sync`, { mode: 'sometimes' });
    expect(mode.status).toBe(400);
  });

  it('on connect: seals the token, schedules incremental syncs every 15 minutes (overlap SKIP) and stores the full catalog', async () => {
    const retailerProducts = await sims.retailerProducts();
    const res = await call<{ scheduleId: string; fullSync: { workflowId: string; runId: string }; token?: string }>(
      'PUT',
      `${tenant(tenantId)}/retailer-connection`,
      { baseUrl: sims.retailer.baseUrl, token: sims.retailer.token, timeoutMs: 5000 },
    );
    expect(res.status).toBe(200);
    expect(res.body.token).toBeUndefined();
    expect(res.body.scheduleId).toBe(`catalog-sync-${tenantId}`);
    expect(res.body.fullSync.workflowId).toBe(`catalog-sync-${tenantId}-full`);
    const [sealed] = (await ds.query(`SELECT token_sealed FROM catalog.retailer_connection WHERE tenant_id = $1`, [tenantId])) as {
      token_sealed: string;
    }[];
    expect(sealed?.token_sealed).not.toContain(sims.retailer.token);

    const schedule = await temporal.schedule.getHandle(res.body.scheduleId).describe();
    expect(schedule.spec.intervals?.[0]?.every).toBe(15 * 60_000);
    expect(schedule.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(schedule.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: CATALOG_SYNC_WORKFLOW,
      args: [{ tenantId, mode: 'incremental' }],
    });

    const result = await waitFor(res.body.fullSync.workflowId);
    expect(result).toMatchObject({ fetched: retailerProducts.length, changed: retailerProducts.length, done: true });
    const all = (await call<ProductSearchResult>('GET', `${tenant(tenantId)}/products?includeInactive=true&size=100`)).body;
    expect(all.total).toBe(retailerProducts.length);
    expect(new Set(all.items.map((p) => p.externalId))).toEqual(new Set(retailerProducts.map((p) => p.id)));
    expect((await events()).length).toBe(retailerProducts.length);

    const state = await call<{ watermark: string | null; lastFullSyncAt: string | null; products: { total: number } }>(
      'GET',
      `${tenant(tenantId)}/sync`,
    );
    expect(state.body.watermark).not.toBeNull();
    expect(state.body.lastFullSyncAt).not.toBeNull();
    expect(state.body.products.total).toBe(retailerProducts.length);
  });

  it('connecting again updates the same schedule instead of failing or adding one', async () => {
    const res = await call<{ scheduleId: string }>('PUT', `${tenant(tenantId)}/retailer-connection`, {
      baseUrl: sims.retailer.baseUrl,
      token: sims.retailer.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.scheduleId).toBe(`catalog-sync-${tenantId}`);
    const full = (res.body as unknown as { fullSync: { workflowId: string } }).fullSync;
    expect((await waitFor(full.workflowId)).changed).toBe(0);
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

    // A wrong token: the retailer answers 401, which no retry can fix.
    const res = await call<{ fullSync: { workflowId: string } }>('PUT', `${tenant(rejectedTenant)}/retailer-connection`, {
      baseUrl: sims.retailer.baseUrl,
      token: 'not-the-retailer-token',
    });
    const started = Date.now();
    const outcome = await waitFor(res.body.fullSync.workflowId).then(
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
});
