import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import {
  type CatalogSyncProgress,
  type CloudEvent,
  dlqTopic,
  type LoomaProductMessage,
  type LoomaProductOfferedV1,
  loomaProductsTopic,
  type ProductChangedV1,
  type ProductSearchResult,
  type ProductView,
  RetailerCatalogEventTypes,
  RetailerTopics,
  Topics,
} from '@looma-hub/contracts';
import { createTemporalClient, installTemporalRuntime, type RunningWorker } from '@looma-hub/platform';
import {
  ensureTestDatabase,
  freePort,
  recordTopic,
  type RunningSimulators,
  type ServiceProcess,
  startProcess,
  startSimulators,
  testEnv,
  type TopicRecording,
  uniqueTenantId,
  waitFor,
  waitForConsumerGroup,
} from '@looma-hub/testing';
import type { Client } from '@temporalio/client';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CATALOG_SCHEMA } from '../src/database/data-source';
import { startCatalogSync } from '../src/main';
import { startCatalogSyncWorker } from '../src/worker';
import { connectionChangedProbe, deleteTenantRows, INTERNAL_TOKEN, serviceEnv, startConnectionsOwner } from './support/service';

jest.setTimeout(240_000);

interface SyncRun {
  status: string;
  progress: CatalogSyncProgress | null;
}
type Problem = { status: number; code: string; errors?: { field: string; message: string }[] };

/** A product of the hand-written catalog below: the fields a test cares about, the rest defaulted. */
const item = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  priceCents: 1_000,
  stock: 5,
  active: true,
  categories: ['Mercearia'],
  ...extra,
});

/**
 * What the catalog serves once synced: search relevance in Portuguese (accents, case, typos, prefixes, exact codes),
 * filters, sorts and cursors and their 400s; the retailer's push events (out of order, duplicated, invalid);
 * reservations under concurrency across two catalog-sync processes; the promotion clock. One tenant with a small
 * catalog written by hand, so every expectation names the products it expects.
 */
describe('catalog-sync reads, push events, reservations and promotions', () => {
  let sims: RunningSimulators;
  let owner: ServiceProcess;
  let second: ServiceProcess;
  let app: INestApplication;
  let baseUrl: string;
  let worker: RunningWorker;
  let temporal: Client;
  let ds: DataSource;
  let producer: Producer;
  const tenantId = uniqueTenantId('t-read');
  const otherTenant = uniqueTenantId('t-read-other');
  const catalogName = `reads-${randomUUID().slice(0, 8)}`;
  const group = `catalog-reads-${randomUUID().slice(0, 8)}`;
  const recordings: TopicRecording<unknown>[] = [];
  const kafka = new Kafka({ clientId: 'catalog-reads-test', brokers: testEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });

  const call = async <T = unknown>(method: string, path: string, body?: unknown, url = baseUrl) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'x-internal-token': INTERNAL_TOKEN, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (text ? JSON.parse(text) : undefined) as T };
  };
  const tenant = (t = tenantId) => `/internal/tenants/${t}`;
  const search = async (query: string, t = tenantId) => {
    const res = await call<ProductSearchResult>('GET', `${tenant(t)}/products?${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const ids = async (query: string) => (await search(query)).items.map((p) => p.externalId);
  const lookup = (code: string, kind = 'any') => call<ProductView>('GET', `${tenant()}/products/${encodeURIComponent(code)}?kind=${kind}`);
  const sync = async (mode: 'full' | 'incremental') => {
    const res = await call<{ workflowId: string }>('POST', `${tenant()}/sync`, { mode });
    expect(res.status).toBe(202);
    return waitFor(async () => (await call<SyncRun>('GET', `${tenant()}/sync/runs/${res.body.workflowId}`)).body, {
      until: (r) => r.status !== 'running',
      timeoutMs: 120_000,
      intervalMs: 300,
      what: `${res.body.workflowId} to end`,
    });
  };
  const upsert = (items: Record<string, unknown>[]) =>
    sims.control('POST', `/_control/retailer/catalogs/${catalogName}/products`, { items });
  const publish = async (events: Record<string, unknown>[]) =>
    producer.send({
      topic: RetailerTopics.catalog,
      messages: events.map((e) => ({
        key: `${String(e.tenantid)}:${String((e.data as { productId?: string; id?: string } | undefined)?.productId ?? (e.data as { id?: string } | undefined)?.id)}`,
        value: JSON.stringify(e),
      })),
    });
  const retailerEvent = (type: string, data: Record<string, unknown>, id: string = randomUUID()) => ({
    specversion: '1.0',
    id,
    source: 'urn:retailer:test:erp',
    time: new Date().toISOString(),
    tenantid: tenantId,
    type,
    data,
  });

  beforeAll(async () => {
    installTemporalRuntime('WARN');
    await ensureTestDatabase();
    [sims, owner] = await Promise.all([startSimulators(), startConnectionsOwner()]);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [RetailerTopics.catalog, dlqTopic(RetailerTopics.catalog)].map((topic) => ({ topic, numPartitions: 3 })),
    });
    await admin.disconnect();
    producer = kafka.producer();
    await producer.connect();
    const env = serviceEnv({
      CATALOG_TASK_QUEUE: `catalog-reads-${randomUUID()}`,
      CONNECTIONS_URL: owner.url,
      CATALOG_CONSUMER_GROUP: group,
      CATALOG_CONSUMER_FROM_BEGINNING: 'false',
      CATALOG_PROMOTION_TICK_MS: '500',
    });
    ({ app, url: baseUrl } = await startCatalogSync(env));
    ds = app.get(DataSource);
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

    await sims.control('PUT', `/_control/retailer/catalogs/${catalogName}`, { size: 0 });
    await upsert([
      item('CAFE-1', 'Café Torrado e Moído Pilão 500g', {
        manufacturer: 'JDE',
        brand: 'Pilão',
        categories: ['Mercearia', 'Café'],
        priceCents: 1_899,
        ean: '7896089012345',
        sku: 'PIL-500',
      }),
      item('CAFE-2', 'Café em Cápsulas Três Corações', { brand: 'Três Corações', categories: ['Café'], priceCents: 2_490, stock: 0 }),
      item('CAFE-3', 'Cafeteira Elétrica Britânia', {
        brand: 'Britânia',
        categories: ['Eletroportáteis'],
        priceCents: 12_990,
        description: 'Prepara café para 30 xícaras',
      }),
      item('ACUC-1', 'Açúcar Refinado União 1kg', { manufacturer: 'Camil', brand: 'União', priceCents: 549 }),
      item('OLEO-1', 'Óleo de Soja Liza 900ml', {
        brand: 'Liza',
        priceCents: 799,
        promoPriceCents: 699,
        promoStart: '2020-01-01T00:00:00-03:00',
        promoEnd: '2099-12-31T23:59:59-03:00',
      }),
      item('FEIJ-1', 'Feijão Carioca Camil 1kg', { brand: 'Camil', priceCents: 899, stock: 10 }),
      item('CAMI-1', 'Camiseta Polo Masculina', {
        brand: 'Hering',
        categories: ['Moda'],
        priceCents: 8_990,
        stock: 0,
        variants: [
          { id: 'CAMI-1-AZ-M', name: 'Azul / M', color: 'Azul', size: 'M', stock: 3, sku: 'POLO-AZ-M', ean: '7891234567895', active: true },
          { id: 'CAMI-1-PR-G', name: 'Preta / G', color: 'Preta', size: 'G', stock: 0, priceCents: 9_990, active: true },
        ],
      }),
    ]);
    const connected = await fetch(`${owner.url}/internal/tenants/${tenantId}/connections/retailer`, {
      method: 'PUT',
      headers: { 'x-internal-token': INTERNAL_TOKEN, 'content-type': 'application/json' },
      body: JSON.stringify({ baseUrl: `${sims.baseUrl}/retailer/catalogs/${catalogName}`, token: sims.retailer.token, timeoutMs: 2_000 }),
    });
    expect(connected.status).toBe(200);
    // The connection event starts the first full sync; wait for its products.
    await waitFor(async () => (await search('size=100')).items.length, {
      until: (n) => n === 7,
      timeoutMs: 90_000,
      what: 'the first sync',
    });
  });

  afterAll(async () => {
    await Promise.all(recordings.map((r) => r.stop()));
    await temporal?.schedule
      .getHandle(`catalog-sync-${tenantId}`)
      .delete()
      .catch(() => undefined);
    await temporal?.connection.close();
    await producer?.disconnect();
    await second?.stop();
    await worker?.shutdown();
    try {
      if (ds?.isInitialized) await deleteTenantRows(ds, [tenantId, otherTenant]);
    } finally {
      await app?.close();
    }
    await Promise.all([sims?.stop(), owner?.stop()]);
  });

  describe('search', () => {
    it('finds words without accents or case, stems plurals, and forgives small typos', async () => {
      expect(await ids('q=cafe')).toEqual(expect.arrayContaining(['CAFE-1', 'CAFE-2']));
      expect(await ids('q=ACUCAR')).toEqual(['ACUC-1']);
      expect(await ids('q=%C3%B3leo%20soja')).toEqual(['OLEO-1']);
      expect(await ids('q=feijoes')).toEqual(['FEIJ-1']);
      // Typos: one letter swapped, dropped or doubled.
      expect(await ids('q=feijao%20carioac')).toEqual(['FEIJ-1']);
      expect(await ids('q=acuar')).toEqual(['ACUC-1']);
      expect(await ids('q=britannia')).toEqual(['CAFE-3']);
      expect(await ids('q=xyzzyqwv')).toEqual([]);
    });

    it('ranks exact codes first, then names that start with the words, then the rest', async () => {
      // "cafe" is in three names and one description: the names starting with it come before the coffee maker.
      const cafe = await ids('q=cafe');
      expect(cafe.indexOf('CAFE-3')).toBeGreaterThan(Math.max(cafe.indexOf('CAFE-1'), cafe.indexOf('CAFE-2')));
      expect(await ids('q=cafeteira')).toEqual(['CAFE-3']);
      // An EAN or a SKU in the query: that product first.
      expect((await ids('q=7896089012345'))[0]).toBe('CAFE-1');
      expect((await ids('q=PIL-500'))[0]).toBe('CAFE-1');
      // Brand and category are searched too.
      expect(await ids('q=uniao')).toEqual(['ACUC-1']);
      expect(await ids('q=eletroportateis')).toEqual(['CAFE-3']);
    });

    it('filters by category, manufacturer or brand, stock and effective price, and sorts', async () => {
      expect((await ids('category=cafe&sort=name')).sort()).toEqual(['CAFE-1', 'CAFE-2']);
      expect((await ids('manufacturer=camil&sort=name')).sort()).toEqual(['ACUC-1', 'FEIJ-1']);
      expect(await ids('q=cafe&inStock=true')).not.toContain('CAFE-2');
      // The promotion in force counts: Óleo costs 6,99 now, inside [6,00; 7,00].
      expect(await ids('priceMin=600&priceMax=700')).toEqual(['OLEO-1']);
      expect(await ids('sort=price&size=3')).toEqual(['ACUC-1', 'OLEO-1', 'FEIJ-1']);
      expect(await ids('sort=-price&size=1')).toEqual(['CAFE-3']);
      // By name as a reader sorts it: accents and case ignored ("Açúcar" first, "Óleo" last).
      expect(await ids('sort=name&size=100')).toEqual(['ACUC-1', 'CAFE-2', 'CAFE-1', 'CAFE-3', 'CAMI-1', 'FEIJ-1', 'OLEO-1']);
      expect(await ids('sort=-name&size=2')).toEqual(['OLEO-1', 'FEIJ-1']);
    });

    it('pages with a cursor (and an offset) without gaps or repeats', async () => {
      for (const q of ['sort=name', 'q=cafe', 'sort=-price']) {
        const all = await ids(`${q}&size=100`);
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const page: ProductSearchResult = await search(`${q}&size=2${cursor ? `&cursor=${cursor}` : ''}`);
          paged.push(...page.items.map((p) => p.externalId));
          cursor = page.nextCursor;
        } while (cursor);
        expect(paged).toEqual(all);
        expect(await ids(`${q}&size=2&from=2`)).toEqual(all.slice(2, 4));
      }
    });

    it('answers 400 naming the parameter for a size over the maximum, an unknown sort, a bad or foreign cursor', async () => {
      const cases: [string, string][] = [
        ['size=101', 'size'],
        ['size=abc', 'size'],
        ['sort=popularity', 'sort'],
        ['cursor=not-a-cursor', 'cursor'],
        ['inStock=yes', 'inStock'],
        ['priceMin=500&priceMax=100', 'priceMax'],
        ['colour=blue', 'colour'],
      ];
      for (const [query, field] of cases) {
        const res = await call<Problem>('GET', `${tenant()}/products?${query}`);
        expect([query, res.status, res.type.includes('application/problem+json')]).toEqual([query, 400, true]);
        expect(res.body.errors?.map((e) => e.field)).toEqual([field]);
      }
      const first = await search('q=cafe&size=1');
      const foreign = await call<Problem>('GET', `${tenant()}/products?q=acucar&cursor=${first.nextCursor ?? ''}`);
      expect([foreign.status, foreign.body.errors?.[0]?.field]).toEqual([400, 'cursor']);
    });

    it('looks a product up by id, SKU or EAN (of a variant too) and serves prices, window, variants and availability', async () => {
      const byId = await lookup('CAFE-1');
      expect(byId.status).toBe(200);
      expect((await lookup(byId.body.id, 'id')).body.externalId).toBe('CAFE-1');
      expect((await lookup('pil-500', 'sku')).body.externalId).toBe('CAFE-1');
      expect((await lookup('7896089012345', 'ean')).body.externalId).toBe('CAFE-1');
      expect((await lookup('POLO-AZ-M', 'sku')).body.externalId).toBe('CAMI-1');
      expect((await lookup('7891234567895')).body.externalId).toBe('CAMI-1');
      expect((await lookup('7896089012345', 'sku')).status).toBe(404);
      const missing = await call<Problem>('GET', `${tenant()}/products/NOPE`);
      expect([missing.status, missing.body.code]).toEqual([404, 'product.not-found']);

      const oleo = (await lookup('OLEO-1')).body;
      expect(oleo).toMatchObject({ priceCents: 799, promoPriceCents: 699, promoActive: true, effectivePriceCents: 699, available: 5 });
      expect(oleo.promoEnd).toBe('2099-12-31T23:59:59.000-03:00');
      const polo = (await lookup('CAMI-1')).body;
      expect(polo.variants.map((v) => [v.id, v.color, v.size, v.priceCents, v.available])).toEqual([
        ['CAMI-1-AZ-M', 'Azul', 'M', 8_990, 3],
        ['CAMI-1-PR-G', 'Preta', 'G', 9_990, 0],
      ]);
    });

    it('never shows one tenant another tenant’s products', async () => {
      expect((await search('size=100', otherTenant)).items).toEqual([]);
      expect((await search('q=cafe', otherTenant)).items).toEqual([]);
      expect((await call('GET', `${tenant(otherTenant)}/products/CAFE-1`)).status).toBe(404);
      const id = (await lookup('CAFE-1')).body.id;
      expect((await call('GET', `${tenant(otherTenant)}/products/${id}`)).status).toBe(404);
    });
  });

  describe('push mode', () => {
    it('applies the retailer’s events in order per product; an older or repeated one changes nothing', async () => {
      const changes = await recordTopic<CloudEvent<ProductChangedV1>>(Topics.productChanged, `${tenantId}:`);
      recordings.push(changes);
      // Versions a few hundred milliseconds apart, all in the past by the time later tests change these products.
      const t0 = Date.now();
      const at = (tenths: number) => new Date(t0 + tenths * 100).toISOString();
      const newer = retailerEvent(RetailerCatalogEventTypes.stockChanged, { productId: 'FEIJ-1', stock: 7, updatedAt: at(2) });
      const older = retailerEvent(RetailerCatalogEventTypes.stockChanged, { productId: 'FEIJ-1', stock: 99, updatedAt: at(1) });
      const price = retailerEvent(RetailerCatalogEventTypes.priceChanged, { productId: 'ACUC-1', priceCents: 499, updatedAt: at(1) });
      await publish([newer, older, newer, price]);
      await waitFor(async () => (await lookup('ACUC-1')).body.priceCents, {
        until: (p) => p === 499,
        timeoutMs: 30_000,
        what: 'the price event',
      });
      expect((await lookup('FEIJ-1')).body.stock).toBe(7);

      // A new product, then its deactivation, pushed. Each search right after a change sees it: the ranking the
      // one before left in the search cache is dropped by the change (an empty one here, a one-product one later).
      expect(await ids('q=macarrao')).toEqual([]);
      await publish([
        retailerEvent(RetailerCatalogEventTypes.productUpserted, {
          ...item('NOVO-1', 'Macarrão Espaguete Renata 500g', { brand: 'Renata' }),
          variants: [],
          updatedAt: at(1),
        }),
      ]);
      await waitFor(async () => (await lookup('NOVO-1')).status, {
        until: (s) => s === 200,
        timeoutMs: 30_000,
        what: 'the pushed product',
      });
      // The notification reaches the cache within milliseconds of the commit; without it the ranking would stay 30 s.
      const searched = (until: (found: string[]) => boolean, what: string) =>
        waitFor(() => ids('q=macarrao'), { until, timeoutMs: 5_000, intervalMs: 50, what });
      expect(await searched((f) => f.length === 1, 'the new product found')).toEqual(['NOVO-1']);
      await publish([retailerEvent(RetailerCatalogEventTypes.productDeactivated, { productId: 'NOVO-1', updatedAt: at(3) })]);
      await waitFor(async () => (await lookup('NOVO-1')).body.active, {
        until: (a) => a === false,
        timeoutMs: 30_000,
        what: 'the deactivation',
      });
      expect(await searched((f) => f.length === 0, 'the deactivated product gone')).toEqual([]);

      // Exactly one change each: FEIJ-1 stock, ACUC-1 price, NOVO-1 created then deactivated. "Nothing more" is read
      // off a marker per product: one more stock change of each, later than every version above. Its product's
      // events share a partition of both topics and the feed publishes in commit order, so once a product's marker
      // is in, every change its earlier events made is in too, ahead of it.
      const markedAt = new Date(Math.max(Date.now(), t0 + 400)).toISOString();
      const marked = ['FEIJ-1', 'ACUC-1', 'NOVO-1'];
      await publish(
        marked.map((productId) => retailerEvent(RetailerCatalogEventTypes.stockChanged, { productId, stock: 4, updatedAt: markedAt })),
      );
      const isMarker = (m: (typeof changes.messages)[number]) => m.value.data.sourceUpdatedAt === markedAt;
      await waitFor(() => changes.messages.filter(isMarker).map((m) => m.value.data.externalId), {
        until: (seen) => marked.every((id) => seen.includes(id)),
        timeoutMs: 30_000,
        what: 'the marker change of each product',
      });
      const of = (productId: string) =>
        changes.messages
          .filter((m) => m.value.data.externalId === productId)
          .map((m) => [m.value.data.change, m.value.data.changed, m.value.data.stock]);
      expect(of('FEIJ-1')).toEqual([
        ['updated', ['stock'], 7],
        ['updated', ['stock'], 4],
      ]);
      expect(of('ACUC-1')).toEqual([
        ['updated', ['price'], 5],
        ['updated', ['stock'], 4],
      ]);
      expect(of('NOVO-1')).toEqual([
        ['created', [], 5],
        ['deactivated', ['active'], 5],
        ['updated', ['stock'], 4],
      ]);
      expect(changes.messages.filter((m) => !marked.includes(m.value.data.externalId))).toEqual([]);
    });

    it('sends a schema-invalid event to the DLQ with the reason, quarantines a change of an unknown product, applies the rest', async () => {
      const dlq = await recordTopic<Record<string, unknown>>(dlqTopic(RetailerTopics.catalog), `${tenantId}:`);
      recordings.push(dlq as TopicRecording<unknown>);
      const invalid = retailerEvent(RetailerCatalogEventTypes.stockChanged, {
        productId: 'FEIJ-1',
        stock: -3,
        updatedAt: new Date().toISOString(),
      });
      const unknown = retailerEvent(RetailerCatalogEventTypes.stockChanged, {
        productId: 'GHOST-1',
        stock: 3,
        updatedAt: new Date().toISOString(),
      });
      const good = retailerEvent(RetailerCatalogEventTypes.stockChanged, {
        productId: 'FEIJ-1',
        stock: 6,
        updatedAt: new Date().toISOString(),
      });
      await publish([invalid, unknown, good]);
      const [dead] = await dlq.waitFor(1);
      expect(dead?.value.id).toBe(invalid.id);
      expect(dead?.headers['dlq-error-kind']).toBe('poison');
      expect(dead?.headers['dlq-error']).toMatch(/data\.stock/);
      await waitFor(async () => (await lookup('FEIJ-1')).body.stock, { until: (s) => s === 6, timeoutMs: 30_000, what: 'the good event' });
      const quarantine = await waitFor(
        async () => (await call<{ items: { externalId: string | null; reason: string }[] }>('GET', `${tenant()}/quarantine`)).body.items,
        { until: (items) => items.some((i) => i.externalId === 'GHOST-1'), timeoutMs: 30_000, what: 'GHOST-1 quarantined' },
      );
      expect(quarantine.find((i) => i.externalId === 'GHOST-1')?.reason).toBeTruthy();
    });
  });

  describe('stock reservations', () => {
    it('50 parallel reservations of stock 10, across two catalog-sync processes: exactly 10 hold, none oversold', async () => {
      second = await startProcess({
        name: 'catalog-sync (second)',
        entry: 'services/catalog-sync/src/main.ts',
        port: await freePort(),
        env: serviceEnv({
          CONNECTIONS_URL: owner.url,
          CATALOG_CONSUMER_GROUP: `${group}-second`,
          CATALOG_TASK_QUEUE: `catalog-reads-second-${randomUUID()}`,
        }) as Record<string, string>,
      });
      await upsert([{ id: 'FEIJ-1', stock: 10 }]);
      await sync('incremental');
      expect((await lookup('FEIJ-1')).body).toMatchObject({ stock: 10, available: 10 });

      const orders = Array.from({ length: 50 }, (_, i) => `order-${i}-${randomUUID().slice(0, 6)}`);
      const results = await Promise.all(
        orders.map((orderId, i) =>
          call<Problem>(
            'PUT',
            `${tenant()}/reservations/${orderId}`,
            { lines: [{ lineId: '1', productId: 'FEIJ-1', quantity: 1 }] },
            i % 2 ? second.url : baseUrl,
          ),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(10);
      expect(statuses.filter((s) => s === 422)).toHaveLength(40);
      expect(new Set(results.filter((r) => r.status === 422).map((r) => r.body.code))).toEqual(new Set(['catalog.stock-insufficient']));
      expect((await lookup('FEIJ-1')).body).toMatchObject({ stock: 10, reserved: 10, available: 0 });
      expect(await ids('q=feijao&inStock=true')).toEqual([]);

      // A retried reservation is the same one; releasing one gives its unit back to the next order.
      const held = orders.filter((_, i) => statuses[i] === 200);
      const again = await call(
        'PUT',
        `${tenant()}/reservations/${held[0]}`,
        { lines: [{ lineId: '1', productId: 'FEIJ-1', quantity: 1 }] },
        second.url,
      );
      expect(again.status).toBe(200);
      const conflict = await call<Problem>('PUT', `${tenant()}/reservations/${held[0]}`, {
        lines: [{ lineId: '1', productId: 'FEIJ-1', quantity: 2 }],
      });
      expect([conflict.status, conflict.body.code]).toEqual([409, 'catalog.reservation-conflict']);
      expect((await call<{ released: number }>('DELETE', `${tenant()}/reservations/${held[0]}`)).body.released).toBe(1);
      expect((await lookup('FEIJ-1')).body.available).toBe(1);
      const late = await call('PUT', `${tenant()}/reservations/late-${randomUUID()}`, {
        lines: [{ lineId: '1', productId: 'FEIJ-1', quantity: 1 }],
      });
      expect(late.status).toBe(200);
      const bad = await call<Problem>('PUT', `${tenant()}/reservations/x`, { lines: [{ lineId: '1', productId: 'FEIJ-1', quantity: 0 }] });
      expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'lines.0.quantity']);
      for (const orderId of held) await call('DELETE', `${tenant()}/reservations/${orderId}`);
    });
  });

  describe('Looma channel', () => {
    it("offers the catalog in Looma's product shape to each workspace: in full when set, then every change", async () => {
      const ws = [randomUUID(), randomUUID()];
      const topic = loomaProductsTopic(tenantId);
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({
        topics: [
          { topic, numPartitions: 1 },
          { topic: Topics.loomaProductOffered, numPartitions: 3 },
        ],
      });
      await admin.disconnect();
      const looma = await recordTopic<LoomaProductMessage>(topic, '');
      const offers = await recordTopic<CloudEvent<LoomaProductOfferedV1>>(Topics.loomaProductOffered, `${tenantId}:`);
      recordings.push(looma as TopicRecording<unknown>, offers as TopicRecording<unknown>);

      const bad = await call<Problem>('PUT', `${tenant()}/channels/looma`, { workspaces: ['store-1'] });
      expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'workspaces.0']);
      const put = await call<{ workspaces: string[]; topic: string }>('PUT', `${tenant()}/channels/looma`, { workspaces: ws });
      expect([put.status, put.body.topic]).toEqual([200, topic]);

      // The snapshot: every sellable item (a product, or each variant) once per workspace.
      const products = (await search('size=100&active=true')).items.concat((await search('size=100&active=false')).items);
      const items = products.reduce((n, p) => n + Math.max(1, p.variants.length), 0);
      const snapshot = await looma.waitFor(items * 2, 30_000);
      expect(new Set(snapshot.map((m) => m.value.workspaceId))).toEqual(new Set(ws));
      const oleo = snapshot.find((m) => m.value.product.id === 'OLEO-1' && m.value.workspaceId === ws[0]);
      expect(oleo?.key).toBe(`${ws[0]}:OLEO-1`);
      expect(oleo?.value.product).toMatchObject({
        description: 'Óleo de Soja Liza 900ml',
        price: 799,
        promotionPrice: 699,
        manufactory: 'Liza',
      });
      const polo = snapshot.filter((m) => m.value.workspaceId === ws[1] && m.value.product.id.startsWith('CAMI-1'));
      expect(polo.map((m) => [m.value.product.id, m.value.product.description, m.value.product.code, m.value.product.stock])).toEqual([
        ['CAMI-1-AZ-M', 'Camiseta Polo Masculina — Azul / M', '7891234567895', 3],
        ['CAMI-1-PR-G', 'Camiseta Polo Masculina — Preta / G', null, 0],
      ]);
      expect((await offers.waitFor(products.length)).every((o) => o.value.type === 'looma.product.changed')).toBe(true);

      // A change at the retailer: one message per workspace, the webhook offer with both.
      await upsert([{ id: 'ACUC-1', priceCents: 579 }]);
      await sync('incremental');
      const after = await looma.waitFor(items * 2 + 2, 30_000);
      expect(
        after
          .slice(items * 2)
          .map((m) => [m.value.workspaceId, m.value.product.id, m.value.product.price])
          .sort(),
      ).toEqual(ws.map((w) => [w, 'ACUC-1', 579]).sort());
      const offer = (await offers.waitFor(products.length + 1)).at(-1);
      expect(offer?.value.data.messages.map((m) => m.workspaceId).sort()).toEqual([...ws].sort());

      expect((await call('DELETE', `${tenant()}/channels/looma`)).status).toBe(204);
      expect((await call<Problem>('GET', `${tenant()}/channels/looma`)).body.code).toBe('catalog.channel-not-found');
    });
  });

  describe('promotion clock', () => {
    it('a promotion that starts changes the effective price at its start, and is announced then', async () => {
      const changes = await recordTopic<CloudEvent<ProductChangedV1>>(Topics.productChanged, `${tenantId}:`);
      recordings.push(changes);
      const start = new Date(Date.now() + 4_000);
      await upsert([{ id: 'CAFE-2', promoPriceCents: 1_990, promoStart: start.toISOString(), promoEnd: '2099-01-01T00:00:00-03:00' }]);
      await sync('incremental');
      const before = (await lookup('CAFE-2')).body;
      expect(before).toMatchObject({ promoActive: false, effectivePriceCents: 2_490, promoPriceCents: 1_990 });
      const [stored] = await changes.waitFor(1);
      expect(stored?.value.data.changed).toEqual(expect.arrayContaining(['promotion']));

      const [, started] = await changes.waitFor(2, 30_000);
      expect(Date.now()).toBeGreaterThanOrEqual(start.getTime());
      expect(started?.value.data.changed).toEqual(['effectivePrice']);
      expect(started?.value.data.effectivePriceCents).toBe(1_990);
      expect((await lookup('CAFE-2')).body).toMatchObject({ promoActive: true, effectivePriceCents: 1_990 });
      // The price filter sees it too.
      expect(await ids('priceMin=1990&priceMax=1990')).toEqual(['CAFE-2']);
    });
  });
});
