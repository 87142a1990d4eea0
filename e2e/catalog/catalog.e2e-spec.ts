import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  type OmniChatProduct,
  OmniChatProductListSchema,
  type ProductSearchResult,
  ProductSearchResultSchema,
  type ProductView,
  ProductViewSchema,
} from '@looma-hub/contracts';
import { testEnv, uniqueTenantId, waitFor } from '@looma-hub/testing';
import { admin, createTenant, INTERNAL_TOKEN, json, type RunningStack, startStack } from '../skeleton/stack';

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '..', '..');

type Problem = { status: number; code: string; errors?: { field: string; message: string }[] };

/**
 * The catalog as its users meet it, every service a real process: a chat platform searching through the gateway
 * (the hub's own route and the OmniChat-compatible one), an operator driving the sync schedule through the admin API
 * and the CLI. The retailer is the simulators' fixture catalog (23 products, one inactive, two sold by size).
 */
describe('catalog through the gateway, the admin API and the CLI (e2e)', () => {
  let stack: RunningStack;
  let tenantId: string;
  let auth: Record<string, string>;
  const get = <T>(url: string) => json<T>('GET', `${stack.gateway}${url}`, undefined, auth);

  beforeAll(async () => {
    stack = await startStack();
    tenantId = uniqueTenantId('e2e-cat');
    const { apiKey } = await createTenant(stack, tenantId);
    auth = { authorization: `Bearer ${apiKey}` };
    await waitFor(async () => (await get<ProductSearchResult>('/v1/products?size=100')).body.items?.length ?? 0, {
      until: (n) => n === 22,
      timeoutMs: 90_000,
      what: 'the first catalog sync',
    });
  }, 300_000);

  afterAll(async () => {
    if (tenantId) await admin(stack, 'DELETE', `/admin/tenants/${tenantId}`).catch(() => undefined);
    await stack?.stop();
  }, 60_000);

  it('searches in Portuguese and answers the published ProductView shape, prices and stock included', async () => {
    const found = await get<ProductSearchResult>('/v1/products?q=camiseta%20polo');
    expect(found.status).toBe(200);
    const page = ProductSearchResultSchema.parse(found.body);
    const polo = page.items[0];
    expect(polo?.name).toBe('Camiseta Polo Malwee Piquet Azul-Marinho');
    expect(polo).toMatchObject({ priceCents: 7_990, promoPriceCents: 5_990, promoActive: true, effectivePriceCents: 5_990, stock: 20 });
    expect(polo?.variants.map((v) => [v.size, v.color, v.available])).toEqual([
      ['P', 'Azul-Marinho', 4],
      ['M', 'Azul-Marinho', 10],
      ['G', 'Azul-Marinho', 6],
      ['GG', 'Azul-Marinho', 0],
    ]);
    // Accents and typos forgiven; the lookup takes the SKU of a variant.
    expect((await get<ProductSearchResult>('/v1/products?q=TENIS%20corida')).body.items[0]?.name).toMatch(/^Tênis de Corrida/);
    const bySku = await get<ProductView>('/v1/products/VES-CAM-MAL-POLO-AZ-M?kind=sku');
    expect([bySku.status, ProductViewSchema.parse(bySku.body).id]).toEqual([200, polo?.id]);
  });

  it('answers 400 problem+json naming the parameter, and 404 for an unknown product', async () => {
    const cases: [string, string][] = [
      ['/v1/products?size=500', 'size'],
      ['/v1/products?sort=popular', 'sort'],
      ['/v1/products?cursor=xyz', 'cursor'],
      ['/v1/products?q=cafe&page=2', 'page'],
      ['/v1/products/1001?kind=gtin', 'kind'],
      ['/v1/omnichat/products?searchType=URL&query=x', 'searchType'],
      ['/v1/omnichat/products?size=51', 'size'],
    ];
    for (const [url, field] of cases) {
      const res = await get<Problem>(url);
      expect([url, res.status, res.body.errors?.map((e) => e.field)]).toEqual([url, 400, [field]]);
    }
    const missing = await get<Problem>('/v1/products/NO-SUCH-PRODUCT');
    expect([missing.status, missing.body.code]).toEqual([404, 'product.not-found']);
  });

  it("serves OmniChat's product search: a bare array, decimal reais, sizes and colours as variations, stock as quantity", async () => {
    const text = await get<OmniChatProduct[]>(
      '/v1/omnichat/products?query=camiseta%20polo&from=0&size=10&searchType=TEXT&teamId=t1&userId=u1',
    );
    expect(text.status).toBe(200);
    const products = OmniChatProductListSchema.parse(text.body);
    const polo = products[0];
    expect(polo).toMatchObject({ name: 'Camiseta Polo Malwee Piquet Azul-Marinho', blocked: false, trackInventory: true });
    expect(polo?.variants.map((v) => ({ price: v.price, salePrice: v.salePrice, quantity: v.quantity, variations: v.variations }))).toEqual(
      [
        {
          price: 79.9,
          salePrice: 59.9,
          quantity: 4,
          variations: [
            { key: 'size', value: 'P' },
            { key: 'color', value: 'Azul-Marinho' },
          ],
        },
        {
          price: 79.9,
          salePrice: 59.9,
          quantity: 10,
          variations: [
            { key: 'size', value: 'M' },
            { key: 'color', value: 'Azul-Marinho' },
          ],
        },
        {
          price: 79.9,
          salePrice: 59.9,
          quantity: 6,
          variations: [
            { key: 'size', value: 'G' },
            { key: 'color', value: 'Azul-Marinho' },
          ],
        },
        expect.objectContaining({ price: 89.9, quantity: 0 }),
      ],
    );
    expect(polo?.mainVariant.quantity).toBeGreaterThan(0);
    expect(polo?.variants[1]?.erpId).toBe('VES-CAM-MAL-POLO-AZ-M');

    // Offset paging as the platform sends it.
    const all = (await get<OmniChatProduct[]>('/v1/omnichat/products?query=&size=50')).body.map((p) => p.objectId);
    expect(all).toHaveLength(22);
    expect((await get<OmniChatProduct[]>('/v1/omnichat/products?query=&from=20&size=10')).body.map((p) => p.objectId)).toEqual(
      all.slice(20),
    );

    // Lookups: by the retailer's id, a SKU, a reference; none found is an empty array.
    expect((await get<OmniChatProduct[]>('/v1/omnichat/products?searchType=REFERENCE&query=1001')).body.map((p) => p.externalId)).toEqual([
      '1001',
    ]);
    expect((await get<OmniChatProduct[]>(`/v1/omnichat/products?searchType=ID&query=${polo?.objectId}`)).body[0]?.name).toBe(polo?.name);
    expect((await get<OmniChatProduct[]>('/v1/omnichat/products?searchType=SKUID&query=VES-CAM-MAL-POLO-AZ-G')).body[0]?.objectId).toBe(
      polo?.objectId,
    );
    const none = await get<OmniChatProduct[]>('/v1/omnichat/products?searchType=SKUID&query=NOPE');
    expect([none.status, none.body]).toEqual([200, []]);
  });

  it('lets an operator see the catalog and drive its schedule through the admin API', async () => {
    const status = await admin<{ health: string; connected: boolean; products: { total: number }; schedule: { intervalMinutes: number } }>(
      stack,
      'GET',
      `/admin/tenants/${tenantId}/catalog`,
    );
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ health: 'ok', connected: true, products: { total: 23 } });

    const set = await admin<{ intervalMinutes: number; paused: boolean }>(stack, 'PUT', `/admin/tenants/${tenantId}/catalog/schedule`, {
      intervalMinutes: 5,
    });
    expect([set.status, set.body.intervalMinutes]).toEqual([200, 5]);
    const bad = await admin<Problem>(stack, 'PUT', `/admin/tenants/${tenantId}/catalog/schedule`, { intervalMinutes: 0 });
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'intervalMinutes']);
    expect((await admin<{ paused: boolean }>(stack, 'POST', `/admin/tenants/${tenantId}/catalog/schedule/pause`)).body.paused).toBe(true);
    expect((await admin<{ paused: boolean }>(stack, 'POST', `/admin/tenants/${tenantId}/catalog/schedule/resume`)).body.paused).toBe(false);
    expect((await admin(stack, 'POST', `/admin/tenants/${tenantId}/catalog/schedule/sync-now`)).status).toBe(202);

    const started = await admin<{ workflowId: string }>(stack, 'POST', `/admin/tenants/${tenantId}/catalog/sync`, { mode: 'full' });
    expect(started.status).toBe(202);
    const done = await waitFor(
      async () =>
        (
          await admin<{ status: string; progress: { seen: number; pages: number } | null }>(
            stack,
            'GET',
            `/admin/tenants/${tenantId}/catalog/syncs/${started.body.workflowId}`,
          )
        ).body,
      { until: (r) => r.status !== 'running', timeoutMs: 60_000, what: 'the full sync' },
    );
    expect(done).toMatchObject({ status: 'completed', progress: { seen: 23 } });
    const quarantine = await admin<{ summary: unknown; items: unknown[] }>(
      stack,
      'GET',
      `/admin/tenants/${tenantId}/catalog/quarantine?limit=10`,
    );
    expect([quarantine.status, quarantine.body.items]).toEqual([200, []]);
    expect((await admin(stack, 'GET', `/admin/tenants/no-such-tenant-x/catalog`)).status).toBe(404);
  }, 120_000);

  it('`npm run hub -- catalog:sync --tenant X --full --wait` draws the progress and prints the counts', async () => {
    const { stdout } = await run(
      process.execPath,
      ['-r', './scripts/register.cjs', 'services/api-gateway/src/cli.ts', 'catalog:sync', '--tenant', tenantId, '--full', '--wait'],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          DATABASE_URL: testEnv().DATABASE_URL,
          CATALOG_URL: `http://127.0.0.1:${stack.ports.catalog}`,
          INTERNAL_API_TOKEN: INTERNAL_TOKEN,
          LOG_LEVEL: 'warn',
        },
        timeout: 90_000,
      },
    );
    expect(stdout).toMatch(/full sync of .+ started: workflow catalog-sync-/);
    expect(stdout).toMatch(/100% \| 23\/23 products/);
    expect(stdout).toMatch(/completed: 23 products seen in 1 pages, 0 changed, 0 rejected \(quarantined\), 0 deactivated/);
  }, 120_000);
});
