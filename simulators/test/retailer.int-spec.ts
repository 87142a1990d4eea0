import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { startSim, type Sim } from './support';

const auth = { authorization: 'Bearer retailer-demo-token' };

interface Product {
  id: string;
  updatedAt: string;
  stock: number;
  active: boolean;
  promoStart: string | null;
  priceCents: number;
}
interface Page {
  items: Product[];
  nextCursor: string | null;
}
interface RetailerErrorBody {
  error: { code: string; message: string; field: string | null };
}

const sale = (orderId: string, overrides: Record<string, unknown> = {}) => ({
  orderId,
  tenantId: 'tenant-demo',
  customer: {
    name: 'Maria Aparecida da Silva',
    document: '529.982.247-25',
    phone: '+55 11 98765-4321',
    email: 'maria@example.com',
  },
  items: [
    { productId: '1002', sku: 'MER-FEJ-CML-1KG', quantity: 2, unitPriceCents: 899 },
    { productId: '1007', quantity: 1, unitPriceCents: 999 },
  ],
  totalCents: 2797,
  paymentMethod: 'pix',
  ...overrides,
});

describe('retailer simulator (Retailer Integration API)', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    await sim.control('POST', '/reset');
  });

  const get = <T>(path: string) => sim.call<T>('GET', path, { headers: auth });
  const post = <T>(path: string, body?: unknown) => sim.call<T>('POST', path, { headers: auth, ...(body === undefined ? {} : { body }) });

  it('answers 401 with the error shape when the bearer token is missing or wrong', async () => {
    const missing = await sim.call<RetailerErrorBody>('GET', '/retailer/v1/products');
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('unauthorized');
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    const wrong = await sim.call('GET', '/retailer/v1/products', { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  it('pages through the whole catalog with an opaque cursor, ordered by (updatedAt, id)', async () => {
    const seen: Product[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res = await get<Page>(`/retailer/v1/products?limit=6${query}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(4);
    expect(new Set(seen.map((p) => p.id)).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(20);
    const keys = seen.map((p) => [Date.parse(p.updatedAt), p.id] as const);
    expect([...keys].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]))).toEqual(keys);
    expect(seen.some((p) => !p.active)).toBe(true);
    expect(seen.some((p) => p.stock === 0)).toBe(true);
    expect(seen.find((p) => p.promoStart !== null)?.promoStart).toMatch(/-03:00$/);
    expect(seen.every((p) => Number.isInteger(p.priceCents))).toBe(true);
  });

  it('returns only products changed since updatedSince, including ones upserted through the control API', async () => {
    const before = new Date(Date.now() - 1).toISOString();
    const upsert = await sim.control('POST', '/retailer/products', { id: '1002', priceCents: 949, stock: 180 });
    expect(upsert.status).toBe(200);
    const created = await sim.control('POST', '/retailer/products', {
      items: [
        {
          id: '2001',
          sku: 'MER-MAC-REN-500',
          name: 'Macarrão Espaguete Renata 500g',
          categories: ['Alimentos', 'Mercearia'],
          priceCents: 599,
          stock: 40,
        },
      ],
    });
    expect(created.status).toBe(200);
    const res = await get<Page>(`/retailer/v1/products?updatedSince=${encodeURIComponent(before)}`);
    expect(res.body.items.map((p) => p.id)).toEqual(['1002', '2001']);
    expect(res.body.items[0]).toMatchObject({ priceCents: 949, stock: 180 });
  });

  it('rejects a forged cursor, a bad limit and an updatedSince without offset with 422 naming the field', async () => {
    const cursor = await get<RetailerErrorBody>('/retailer/v1/products?cursor=garbage');
    expect(cursor.status).toBe(422);
    expect(cursor.body.error).toMatchObject({ code: 'invalid_cursor', field: 'cursor' });
    const limit = await get<RetailerErrorBody>('/retailer/v1/products?limit=0');
    expect(limit.body.error.field).toBe('limit');
    const since = await get<RetailerErrorBody>('/retailer/v1/products?updatedSince=2026-01-01T10:00:00');
    expect(since.body.error.field).toBe('updatedSince');
  });

  it('registers a sale once per orderId: 201, then 200 with the same sale, 409 on different content', async () => {
    const first = await post<{ saleId: string; orderId: string; status: string; createdAt: string }>('/retailer/v1/sales', sale('order-1'));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ orderId: 'order-1', status: 'registered' });
    expect(first.body.createdAt).toMatch(/-03:00$/);
    const replay = await post<{ saleId: string }>('/retailer/v1/sales', sale('order-1'));
    expect(replay.status).toBe(200);
    expect(replay.body.saleId).toBe(first.body.saleId);
    const conflict = await post<RetailerErrorBody>('/retailer/v1/sales', sale('order-1', { totalCents: 2000 }));
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatchObject({ code: 'order_id_conflict', field: 'orderId' });

    const inspected = await sim.control<{ items: { orderId: string; registrationCalls: number }[] }>('GET', '/retailer/sales');
    expect(inspected.body.items).toHaveLength(1);
    expect(inspected.body.items[0]).toMatchObject({ orderId: 'order-1', registrationCalls: 3 });
    const product = await get<Product>('/retailer/v1/products/1002');
    expect(product.body.stock).toBe(198);
  });

  it('never creates two sales when the same order is registered concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => post<{ saleId: string }>('/retailer/v1/sales', sale('order-race'))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(19);
    expect(new Set(results.map((r) => r.body.saleId)).size).toBe(1);
    const inspected = await sim.control<{ items: unknown[] }>('GET', '/retailer/sales');
    expect(inspected.body.items).toHaveLength(1);
  });

  it.each([
    [{ items: [{ productId: '1002', quantity: 0, unitPriceCents: 899 }] }, 'validation_failed', 'items[0].quantity'],
    [{ customer: { name: 'X', document: '123.456.789-00' } }, 'validation_failed', 'customer.document'],
    [{ items: [{ productId: '9999', quantity: 1, unitPriceCents: 100 }], totalCents: 100 }, 'unknown_product', 'items[0].productId'],
    [{ items: [{ productId: '1005', quantity: 1, unitPriceCents: 549 }], totalCents: 549 }, 'insufficient_stock', 'items[0].quantity'],
    [{ items: [{ productId: '1020', quantity: 1, unitPriceCents: 219900 }], totalCents: 219900 }, 'product_inactive', 'items[0].productId'],
    [{ items: [{ productId: '1002', sku: 'WRONG', quantity: 1, unitPriceCents: 899 }], totalCents: 899 }, 'sku_mismatch', 'items[0].sku'],
    [{ totalCents: 999_999 }, 'total_exceeds_items', 'totalCents'],
    [{ orderId: '' }, 'validation_failed', 'orderId'],
  ])('rejects an invalid sale with 422 { error: { code, message, field } } (%#)', async (overrides, code, field) => {
    const res = await post<RetailerErrorBody>('/retailer/v1/sales', sale('order-bad', overrides));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message.length).toBeGreaterThan(0);
  });

  it('cancels idempotently and puts the stock back once', async () => {
    const created = await post<{ saleId: string }>('/retailer/v1/sales', sale('order-cancel'));
    const first = await post<{ status: string; cancelledAt: string }>(`/retailer/v1/sales/${created.body.saleId}/cancel`, {
      reason: 'cliente desistiu',
    });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('cancelled');
    const again = await post<{ status: string; cancelledAt: string }>(`/retailer/v1/sales/${created.body.saleId}/cancel`);
    expect(again.status).toBe(200);
    expect(again.body.cancelledAt).toBe(first.body.cancelledAt);
    expect((await get<Product>('/retailer/v1/products/1002')).body.stock).toBe(200);
    expect((await get<{ status: string }>(`/retailer/v1/sales/${created.body.saleId}`)).body.status).toBe('cancelled');
    const unknown = await post<RetailerErrorBody>('/retailer/v1/sales/sale_nope/cancel');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('sale_not_found');
  });

  it('checks a customer by CPF/CNPJ or phone: registered, loyalty tier and segments', async () => {
    expect((await get('/retailer/v1/customers/eligibility?document=529.982.247-25')).body).toEqual({
      eligible: true,
      registered: true,
      tier: 'gold',
      segments: [],
      reasons: ['loyalty_member', 'tier_gold'],
    });
    expect((await get('/retailer/v1/customers/eligibility?phone=%2B5521998765432')).body).toEqual({
      eligible: true,
      registered: true,
      tier: 'silver',
      segments: ['employee'],
      reasons: ['loyalty_member', 'tier_silver', 'segment_employee'],
    });
    expect((await get('/retailer/v1/customers/eligibility?document=33468326000105')).body).toEqual({
      eligible: true,
      registered: true,
      tier: 'bronze',
      segments: ['b2b'],
      reasons: ['loyalty_member', 'tier_bronze', 'segment_b2b'],
    });
    expect((await get('/retailer/v1/customers/eligibility?document=11.222.333/0001-81')).body).toEqual({
      eligible: false,
      registered: true,
      tier: null,
      segments: ['b2b'],
      reasons: ['not_a_loyalty_member', 'segment_b2b'],
    });
    expect((await get('/retailer/v1/customers/eligibility?document=39053344705')).body).toEqual({
      eligible: false,
      registered: true,
      tier: null,
      segments: [],
      reasons: ['not_a_loyalty_member'],
    });
    expect((await get('/retailer/v1/customers/eligibility?document=27583611911')).body).toEqual({
      eligible: false,
      registered: false,
      tier: 'bronze',
      segments: [],
      reasons: ['customer_inactive'],
    });
    expect((await get('/retailer/v1/customers/eligibility?document=04252011000110')).body).toEqual({
      eligible: false,
      registered: false,
      tier: null,
      segments: [],
      reasons: ['customer_not_found'],
    });
    const invalid = await get<RetailerErrorBody>('/retailer/v1/customers/eligibility?document=12345678900');
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.field).toBe('document');
    expect((await get('/retailer/v1/customers/eligibility')).status).toBe(422);
  });

  describe('discount rules', () => {
    interface Rule {
      id: string;
      kind: string;
      enabled: boolean;
      updatedAt: string;
      action: { type: string };
      coupon: { code: string; usageLimit: number | null; perCustomerLimit: number | null } | null;
      conditions: { validFrom: string | null };
    }
    interface RulePage {
      items: Rule[];
      nextCursor: string | null;
    }

    async function walk(query = '', limit = 1000): Promise<{ ids: string[]; items: Rule[]; pages: number }> {
      const items: Rule[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q = new URLSearchParams(query);
        q.set('limit', String(limit));
        if (cursor) q.set('cursor', cursor);
        const res = await get<RulePage>(`/retailer/v1/discount-rules?${q}`);
        expect(res.status).toBe(200);
        items.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor !== null && pages < 100);
      return { ids: items.map((r) => r.id), items, pages };
    }

    const rule = (id: string, overrides: Record<string, unknown> = {}) => ({
      id,
      name: `Regra ${id}`,
      kind: 'promotion',
      target: { categories: ['Bebidas'] },
      action: { type: 'percent-off', bps: 1000 },
      ...overrides,
    });

    it('lists the rules in the hub model, page by page, each once, disabled ones too', async () => {
      const all = await walk();
      expect(all.pages).toBe(1);
      expect(all.ids.length).toBe(22);
      expect(await walk('', 5)).toEqual({ ...all, pages: 5 });
      expect(new Set(all.items.map((r) => r.kind))).toEqual(new Set(['promotion', 'customer', 'coupon', 'catalog']));
      expect(all.items.find((r) => r.id === 'promo-limpeza-5-reais')?.enabled).toBe(false);
      expect(all.items.find((r) => r.coupon?.code === 'BEMVINDO10')).toMatchObject({
        action: { type: 'amount-off', amountCents: 1000, per: 'order' },
        coupon: { code: 'BEMVINDO10', usageLimit: 1000, perCustomerLimit: 1 },
      });
      expect(all.items.every((r) => r.updatedAt.endsWith('-03:00'))).toBe(true);
      expect((await get<RulePage>('/retailer/v1/discount-rules')).body.items.length).toBe(22);
    });

    it('refuses a bad cursor, limit or updatedSince', async () => {
      for (const [query, field] of [
        ['cursor=nope', 'cursor'],
        ['limit=1001', 'limit'],
        ['limit=0', 'limit'],
        ['updatedSince=2026-11-20T10:00:00', 'updatedSince'],
      ] as const) {
        const res = await get<RetailerErrorBody>(`/retailer/v1/discount-rules?${query}`);
        expect({ query, status: res.status, field: res.body.error.field }).toEqual({ query, status: 422, field });
      }
    });

    it('upserts and deletes rules through the control API; updatedSince gives exactly the changes', async () => {
      const before = await walk();
      const upserted = await sim.control<{ items: Rule[]; published: number }>('POST', '/retailer/discount-rules', {
        items: [rule('promo-nova-bebidas'), { ...rule('promo-semana-mercearia'), name: 'Semana da Mercearia (estendida)' }],
      });
      expect(upserted.status).toBe(200);
      expect(upserted.body.published).toBe(0);
      const since = upserted.body.items[0]?.updatedAt ?? '';
      expect((await walk(`updatedSince=${since}`)).ids).toEqual(['promo-nova-bebidas', 'promo-semana-mercearia']);

      const removed = await sim.control<{ items: Rule[] }>('POST', '/retailer/discount-rules/removals', { ids: ['cupom-bemvindo10'] });
      expect(removed.body.items.map((r) => [r.id, r.enabled])).toEqual([['cupom-bemvindo10', false]]);
      const changes = await walk(`updatedSince=${removed.body.items[0]?.updatedAt ?? ''}`);
      expect(changes.items.map((r) => [r.id, r.enabled])).toEqual([['cupom-bemvindo10', false]]);
      const after = await walk();
      expect(after.ids.length).toBe(before.ids.length + 1);
      expect(after.ids.slice(-3)).toEqual(['promo-nova-bebidas', 'promo-semana-mercearia', 'cupom-bemvindo10']);

      const unknown = await sim.control<RetailerErrorBody>('POST', '/retailer/discount-rules/removals', { ids: ['no-such-rule'] });
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'rule_not_found']);
      const broken = await sim.control<RetailerErrorBody>('POST', '/retailer/discount-rules', { items: [rule('x', { kind: 'coupon' })] });
      expect([broken.status, broken.body.error.field]).toEqual([422, 'items[0].coupon']);
    });

    it('generates the same synthetic rules from the same seed, and pages them all', async () => {
      const body = { count: 2_500, seed: 9, asOf: '2026-11-20T12:00:00.000-03:00', products: ['1001', '1002'] };
      const generated = await sim.control<{ generated: number; firstId: string; lastId: string }>(
        'POST',
        '/retailer/discount-rules/generate',
        body,
      );
      expect(generated.body).toMatchObject({ generated: 2_500, firstId: 'GEN-0000000', lastId: 'GEN-0002499' });
      const first = (await walk()).items.filter((r) => r.id.startsWith('GEN-'));
      await sim.control('POST', '/retailer/reset');
      await sim.control('POST', '/retailer/discount-rules/generate', body);
      const paged = await walk('', 300);
      const again = paged.items.filter((r) => r.id.startsWith('GEN-'));
      expect(paged.ids.length).toBe(22 + 2_500);
      expect(new Set(paged.ids).size).toBe(paged.ids.length);
      const strip = (rules: Rule[]) => rules.map(({ updatedAt: _updatedAt, ...r }) => r);
      expect(strip(again)).toEqual(strip(first));
    });
  });

  describe('signed status push', () => {
    let server: Server;
    let received: { headers: IncomingMessage['headers']; body: string; path: string }[];
    let hubUrl: string;
    const secret = `whsec_${Buffer.from('retailer-webhook-secret-0123456789').toString('base64')}`;

    beforeAll(async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), path: req.url ?? '' });
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      hubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/retailer`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });
    beforeEach(() => {
      received = [];
    });

    it('completes a sale and pushes a Standard Webhooks-signed sale.completed to the hub', async () => {
      const created = await post<{ saleId: string }>('/retailer/v1/sales', sale('order-push'));
      expect((await sim.control('PUT', '/retailer/webhook', { url: hubUrl, secret })).status).toBe(200);
      const res = await sim.control<{ sale: { status: string }; webhook: { ok: boolean; status: number } }>(
        'POST',
        `/retailer/sales/${created.body.saleId}/status`,
        {
          status: 'completed',
        },
      );
      expect(res.status).toBe(200);
      expect(res.body.sale.status).toBe('completed');
      expect(res.body.webhook).toMatchObject({ ok: true, status: 204 });
      expect(received).toHaveLength(1);
      const delivery = received[0]!;
      const payload = new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>) as {
        type: string;
        data: { saleId: string; orderId: string; status: string };
      };
      expect(payload).toMatchObject({
        type: 'sale.completed',
        data: { saleId: created.body.saleId, orderId: 'order-push', status: 'completed' },
      });
      expect((await get<{ status: string }>(`/retailer/v1/sales/${created.body.saleId}`)).body.status).toBe('completed');
    });

    it('records a failed push without failing the status change, and rejects a non-Standard-Webhooks secret', async () => {
      const created = await post<{ saleId: string }>('/retailer/v1/sales', sale('order-push-2'));
      await sim.control('PUT', '/retailer/webhook', { url: 'http://127.0.0.1:9/nowhere', secret });
      const res = await sim.control<{ sale: { status: string }; webhook: { ok: boolean; error: string | null } }>(
        'POST',
        `/retailer/sales/${created.body.saleId}/status`,
        {
          status: 'cancelled',
        },
      );
      expect(res.body.sale.status).toBe('cancelled');
      expect(res.body.webhook.ok).toBe(false);
      expect(res.body.webhook.error).not.toBeNull();
      const bad = await sim.control<{ error: { field: string } }>('PUT', '/retailer/webhook', {
        url: hubUrl,
        secret: 'not base64!',
      });
      expect(bad.status).toBe(422);
      expect(bad.body.error.field).toBe('secret');
    });

    it("sends a tenant's sales to that tenant's target, signed with its secret, and the others to the default one", async () => {
      const otherSecret = `whsec_${Buffer.from('another-tenant-webhook-secret-01').toString('base64')}`;
      await sim.control('DELETE', '/retailer/webhook');
      expect((await sim.control('PUT', '/retailer/webhook', { url: `${hubUrl}/default`, secret })).status).toBe(200);
      const put = await sim.control('PUT', '/retailer/webhook', { url: `${hubUrl}/t-2`, secret: otherSecret, tenantId: 'tenant-2' });
      expect(put.body).toEqual({ url: `${hubUrl}/t-2`, tenantId: 'tenant-2', configured: true });
      const mine = await post<{ saleId: string }>('/retailer/v1/sales', sale('order-push-3', { tenantId: 'tenant-2' }));
      const theirs = await post<{ saleId: string }>('/retailer/v1/sales', sale('order-push-4'));
      await sim.control('POST', `/retailer/sales/${mine.body.saleId}/status`, { status: 'completed' });
      await sim.control('POST', `/retailer/sales/${theirs.body.saleId}/status`, { status: 'completed' });
      expect(received).toHaveLength(2);
      const [first, second] = received;
      expect(new Webhook(otherSecret).verify(first!.body, first!.headers as Record<string, string>)).toMatchObject({
        data: { orderId: 'order-push-3', tenantId: 'tenant-2' },
      });
      expect(new Webhook(secret).verify(second!.body, second!.headers as Record<string, string>)).toMatchObject({
        data: { orderId: 'order-push-4', tenantId: 'tenant-demo' },
      });
      expect(received.map((r) => r.path)).toEqual(['/webhooks/retailer/t-2', '/webhooks/retailer/default']);
      await sim.control('DELETE', '/retailer/webhook?tenantId=tenant-2');
      const status = await sim.control<{ targets: { tenantId: string | null; url: string }[] }>('GET', '/retailer/webhook');
      expect(status.body.targets).toEqual([{ tenantId: null, url: `${hubUrl}/default` }]);
    });
  });
});
