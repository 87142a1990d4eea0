import { randomUUID } from 'node:crypto';
import { RetailerCatalogEventSchema, RetailerCatalogEventTypes, RetailerTopics } from '@looma-hub/contracts';
import { testEnv, waitFor } from '@looma-hub/testing';
import { Kafka, logLevel } from 'kafkajs';
import { startSim, type Sim } from './support';

jest.setTimeout(60_000);

const auth = { authorization: 'Bearer retailer-demo-token' };

interface Product {
  id: string;
  name: string;
  categories: string[];
  priceCents: number;
  promoPriceCents: number | null;
  promoStart: string | null;
  promoEnd: string | null;
  stock: number;
  active: boolean;
  variants: { id: string; stock: number; size: string | null }[];
  updatedAt: string;
}

describe('retailer simulator: generated catalogs', () => {
  let sim: Sim;

  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim.close();
  });

  async function walk(name: string, opts: { limit?: number; updatedSince?: string } = {}): Promise<Product[]> {
    const items: Product[] = [];
    let cursor: string | null = null;
    do {
      const q = new URLSearchParams({ limit: String(opts.limit ?? 1000) });
      if (cursor) q.set('cursor', cursor);
      if (opts.updatedSince) q.set('updatedSince', opts.updatedSince);
      const res = await sim.call<{ items: Product[]; nextCursor: string | null }>('GET', `/retailer/catalogs/${name}/v1/products?${q}`, {
        headers: auth,
      });
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  it('derives the same products from the same seed, and others from another', async () => {
    const asOf = '2026-11-20T09:00:00.000-03:00';
    await sim.control('PUT', '/retailer/catalogs/a', { size: 3_000, seed: 11, asOf });
    await sim.control('PUT', '/retailer/catalogs/b', { size: 3_000, seed: 11, asOf });
    await sim.control('PUT', '/retailer/catalogs/c', { size: 3_000, seed: 12, asOf });
    const [a, b, c] = await Promise.all([walk('a'), walk('b'), walk('c')]);
    expect(a).toEqual(b);
    expect(a[0]?.updatedAt).toBe(asOf);
    expect(a.filter((p, i) => p.name === c[i]?.name).length).toBeLessThan(600);
    expect(new Set(a.map((p) => p.id)).size).toBe(3_000);
  });

  it('looks like a Brazilian retailer: accented names, departments, variants, promotions past, present and future, stock-outs', async () => {
    await sim.control('PUT', '/retailer/catalogs/shop', { size: 5_000, seed: 3 });
    const all = await walk('shop');
    const now = Date.now();
    expect(all.filter((p) => /[áâãàçéêíóôõú]/i.test(p.name)).length).toBeGreaterThan(1_000);
    expect(new Set(all.map((p) => p.categories[0])).size).toBeGreaterThanOrEqual(10);
    expect(all.some((p) => p.variants.length >= 4 && p.variants.every((v) => v.size !== null))).toBe(true);
    const bound = (v: string, end: boolean) => Date.parse(v.length === 10 ? `${v}T${end ? '23:59:59.999' : '00:00:00'}-03:00` : v);
    const promos = all.filter((p) => p.promoPriceCents !== null && p.promoStart !== null && p.promoEnd !== null);
    const states = new Set(
      promos.map((p) => (bound(p.promoEnd!, true) < now ? 'over' : bound(p.promoStart!, false) > now ? 'later' : 'now')),
    );
    expect(states).toEqual(new Set(['over', 'now', 'later']));
    expect(promos.some((p) => p.promoStart!.length === 10)).toBe(true); // some as dates ("válida até 31/12")
    expect(all.some((p) => p.stock === 0)).toBe(true);
    expect(all.some((p) => !p.active)).toBe(true);
  });

  it('changes exactly the asked fraction, and an incremental read since then sees exactly those products', async () => {
    await sim.control('PUT', '/retailer/catalogs/inc', { size: 20_000, seed: 5 });
    const before = new Date().toISOString();
    const res = await sim.control<{ changed: number; byKind: Record<string, number>; productIds: string[] }>(
      'POST',
      '/retailer/catalogs/inc/changes',
      { fraction: 0.01, seed: 9 },
    );
    expect(res.body.changed).toBe(200);
    expect(Object.values(res.body.byKind).every((n) => n > 10)).toBe(true);
    const since = await walk('inc', { updatedSince: before, limit: 37 });
    expect(since.map((p) => p.id).sort()).toEqual([...res.body.productIds].sort());
    const all = await walk('inc', { limit: 2_000 });
    expect(all.length).toBe(20_000 + res.body.byKind.creation!);
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
  });

  it('spreads updatedAt over spreadSeconds when asked: pages stay in (updatedAt, id) order and updatedSince reads only the newer tail', async () => {
    const asOf = '2026-11-20T09:00:00.000-03:00';
    await sim.control('PUT', '/retailer/catalogs/spread', { size: 1_001, seed: 4, asOf, spreadSeconds: 1_000 });
    const all = await walk('spread', { limit: 97 });
    expect(all.length).toBe(1_001);
    expect(all[0]?.updatedAt).toBe('2026-11-20T08:43:20.000-03:00');
    expect(all[1_000]?.updatedAt).toBe(asOf);
    const keys = all.map((p) => [Date.parse(p.updatedAt), p.id] as const);
    expect(keys.every((k, i) => i === 0 || k[0] > keys[i - 1]![0])).toBe(true);
    // One product a second: the last 10 seconds hold the last 11 products (both ends included).
    const tail = await walk('spread', { updatedSince: '2026-11-20T08:59:50.000-03:00', limit: 4 });
    expect(tail.map((p) => p.id)).toEqual(all.slice(990).map((p) => p.id));
  });

  it('serves injected raw items as they are, in place of the product of the same id', async () => {
    await sim.control('PUT', '/retailer/catalogs/bad', { size: 10, seed: 1 });
    const injected = await sim.control('POST', '/retailer/catalogs/bad/raw', {
      items: [
        { id: 'G0000003', name: 'Estoque negativo', priceCents: 100, stock: -5, active: true, updatedAt: '2026-11-30T10:00:00-03:00' },
        { name: 'sem id' },
      ],
    });
    expect(injected.body).toEqual({ injected: 2 });
    const all = await walk('bad');
    expect(all.filter((p) => p.id === 'G0000003')).toEqual([expect.objectContaining({ stock: -5 })]);
    expect(all.length).toBe(11);
  });

  it('publishes the changes as retailer catalog events on Kafka, keyed by tenant and product', async () => {
    const tenantId = `sim-${randomUUID().slice(0, 8)}`;
    const kafka = new Kafka({ clientId: 'sim-test', brokers: testEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `sim-test-${randomUUID()}` });
    const seen: { key: string; value: unknown }[] = [];
    await sim.control('PUT', '/retailer/catalogs/push', { size: 1_000, seed: 2 });
    // The first publish creates the topic; the consumer then reads it from its start.
    const first = await sim.control<{ published: number; productIds: string[] }>('POST', '/retailer/catalogs/push/changes', {
      count: 1,
      seed: 1,
      publish: { tenantId },
    });
    expect(first.body.published).toBe(1);
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: RetailerTopics.catalog, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const key = message.key?.toString() ?? '';
          if (key.startsWith(`${tenantId}:`)) seen.push({ key, value: JSON.parse(message.value?.toString() ?? 'null') });
        },
      });
      const res = await sim.control<{ productIds: string[]; published: number }>('POST', '/retailer/catalogs/push/changes', {
        count: 40,
        seed: 4,
        publish: { tenantId },
      });
      expect(res.body.published).toBe(40);
      await waitFor(() => seen.length, { until: (n) => n >= 41, timeoutMs: 30_000, what: '41 catalog events' });
      expect(seen.length).toBe(41);
      const events = seen.map((m) => RetailerCatalogEventSchema.parse(m.value));
      expect(events.every((e) => e.tenantid === tenantId)).toBe(true);
      expect(new Set(events.map((e) => e.type))).toEqual(new Set(Object.values(RetailerCatalogEventTypes)));
      // Partitions interleave: compare the products, not the arrival order.
      expect(seen.map((m) => m.key.split(':')[1]).sort()).toEqual([...first.body.productIds, ...res.body.productIds].sort());
    } finally {
      await consumer.disconnect();
    }
  });
});
