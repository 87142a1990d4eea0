import path from 'node:path';
import { RetailerProductSchema } from '@looma-hub/contracts';
import { openApiValidator } from '@looma-hub/testing';
import { startSim, type Sim } from './support';

jest.setTimeout(60_000);

/**
 * The simulator against the Retailer Integration API as the hub publishes it (libs/contracts/published): every answer
 * of every documented operation — successes and errors, the hand-written catalog and a generated one — must be what
 * the document says, so the contract and the simulator cannot drift apart.
 */
const DOCUMENT = path.resolve(__dirname, '../../libs/contracts/published/retailer-integration.openapi.yaml');
const auth = { authorization: 'Bearer retailer-demo-token' };

describe('retailer simulator against the published Retailer Integration API', () => {
  let sim: Sim;
  const contract = openApiValidator(DOCUMENT);

  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim.close();
  });

  /** Calls the simulator and checks the answer against the document; returns it for further checks. */
  async function call<T>(method: string, route: string, body?: unknown, headers: Record<string, string> = auth) {
    const res = await sim.call<T>(method, route, { headers, ...(body === undefined ? {} : { body }) });
    const documentPath = route.replace(/^\/retailer(\/catalogs\/[^/]+)?/, '');
    expect({ route, status: res.status, errors: contract.responseErrors(method, documentPath, res.status, res.body) }).toEqual({
      route,
      status: res.status,
      errors: [],
    });
    return res;
  }

  async function walk(base: string, limit: number): Promise<unknown[]> {
    const items: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: unknown[]; nextCursor: string | null } } = await call(
        'GET',
        `${base}/v1/products?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }

  it('answers the catalog operations as documented, for the fixtures and for a generated catalog', async () => {
    const fixtures = await walk('/retailer', 7);
    expect((await sim.control('PUT', '/retailer/catalogs/contract', { size: 1_500, seed: 42 })).status).toBe(200);
    const generated = await walk('/retailer/catalogs/contract', 400);
    expect([fixtures.length, generated.length]).toEqual([23, 1_500]);
    // The rules JSON Schema cannot say (a promotion ending after it starts, variant ids unique) hold as well.
    const broken = [...fixtures, ...generated].filter((p) => !RetailerProductSchema.safeParse(p).success);
    expect(broken).toEqual([]);
    const withVariants = generated.filter((p) => (p as { variants: unknown[] }).variants.length > 0);
    expect(withVariants.length).toBeGreaterThan(100);

    await call('GET', '/retailer/v1/products/1001');
    await call('GET', '/retailer/catalogs/contract/v1/products/G0000042');
    expect((await call('GET', '/retailer/v1/products/nope')).status).toBe(404);
    expect((await call('GET', '/retailer/v1/products?limit=0')).status).toBe(422);
    expect((await call('GET', '/retailer/v1/products', undefined, {})).status).toBe(401);
  });

  it('answers the pricing and sales operations as documented, errors included', async () => {
    // Every seeded rule, a generated set (each action, kind and combination), deleted ones, a page by cursor.
    await sim.control('POST', '/retailer/discount-rules/generate', { count: 500, seed: 3 });
    await sim.control('POST', '/retailer/discount-rules/removals', { ids: ['cupom-bemvindo10', 'GEN-0000007'] });
    const rules = await call<{ items: unknown[]; nextCursor: string }>('GET', '/retailer/v1/discount-rules?limit=1000');
    expect(rules.body.items.length).toBe(522);
    const firstPage = await call<{ nextCursor: string }>('GET', '/retailer/v1/discount-rules?limit=100');
    await call('GET', `/retailer/v1/discount-rules?limit=100&cursor=${encodeURIComponent(firstPage.body.nextCursor)}`);
    await call('GET', '/retailer/v1/discount-rules?updatedSince=2026-01-01T00:00:00-03:00');
    expect((await call('GET', '/retailer/v1/discount-rules?cursor=nope')).status).toBe(422);
    expect((await call('GET', '/retailer/v1/discount-rules', undefined, {})).status).toBe(401);
    await call('GET', '/retailer/v1/customers/eligibility?document=529.982.247-25');
    await call('GET', '/retailer/v1/customers/eligibility?phone=%2B5511933334444');
    await call('GET', '/retailer/v1/customers/eligibility?document=04252011000110');
    expect((await call('GET', '/retailer/v1/customers/eligibility')).status).toBe(422);
    const sale = {
      orderId: 'contract-order-1',
      customer: { name: 'Maria da Silva', document: '529.982.247-25' },
      items: [{ productId: '1002', quantity: 1, unitPriceCents: 899 }],
      totalCents: 899,
    };
    const created = await call<{ saleId: string }>('POST', '/retailer/v1/sales', sale);
    expect(created.status).toBe(201);
    expect((await call('POST', '/retailer/v1/sales', sale)).status).toBe(200);
    expect((await call('POST', '/retailer/v1/sales', { ...sale, totalCents: 1 })).status).toBe(409);
    expect((await call('POST', '/retailer/v1/sales', { ...sale, orderId: 'contract-order-2', items: [] })).status).toBe(422);
    await call('GET', `/retailer/v1/sales/${created.body.saleId}`);
    expect((await call('GET', '/retailer/v1/sales/sale-nope')).status).toBe(404);
    await call('POST', `/retailer/v1/sales/${created.body.saleId}/cancel`, { reason: 'cliente desistiu' });
    await call('POST', '/retailer/v1/sales', { ...sale, orderId: 'contract-order-3' });
    await call('POST', '/retailer/v1/sales/by-order/contract-order-3/cancel', {});
    expect((await call('POST', '/retailer/v1/sales/by-order/never-registered/cancel', {})).status).toBe(404);
  });

  it('has exercised every operation of the document (a new operation needs a check above)', () => {
    expect([...contract.covered()].sort()).toEqual(contract.operations().sort());
  });
});
