import fs from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createKafka, ensureTopics, OutboxWriter, type ParkedOutboxRow } from '@looma-hub/platform';
import {
  ensureTestDatabase,
  freePort,
  type ServiceProcess,
  startProcess,
  startTcpProxy,
  type TcpProxy,
  testEnv,
  uniqueTenantId,
  waitFor,
} from '@looma-hub/testing';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { writeOpenApi } from '../src/cli';
import { startGateway } from '../src/main';

const ADMIN = 'it-admin-key-0123456789abcdef';

/**
 * The gateway in-process against the real Postgres and Temporal: keys, admin, idempotency, and the
 * promise that bad input gets a clear 4xx and writes nothing (no workflow, no record). It reaches Postgres and
 * Temporal through loopback proxies, so a test can make either slow or gone for the gateway alone.
 */
describe('api-gateway', () => {
  let app: INestApplication;
  let orders: ServiceProcess;
  let pgProxy: TcpProxy;
  let temporalProxy: TcpProxy;
  let nobody: string;
  let base: string;
  let ds: DataSource;
  let temporal: Client;
  let tenantId: string;
  let apiKey: string;

  const order = (externalId: string, extra: Record<string, unknown> = {}) => ({
    externalId,
    customer: { name: 'Maria da Silva', document: '529.982.247-25', phone: '(48) 99999-8888' },
    items: [{ productId: 'P-1001', quantity: 2, unitPriceCents: 1990 }],
    ...extra,
  });

  async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(base + url, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      headers: res.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }
  const auth = () => ({ authorization: `Bearer ${apiKey}` });

  async function workflowsOfTenant(): Promise<number> {
    const r = await temporal.workflow.count(`LoomaTenantId = '${tenantId}'`);
    return r.count;
  }
  async function idempotencyRecords(): Promise<number> {
    const r = (await ds.query('SELECT count(*)::int AS n FROM gateway.idempotency_record WHERE tenant_id = $1', [tenantId])) as {
      n: number;
    }[];
    return r[0]?.n ?? -1;
  }

  async function idempotencyRecordsWithKey(key: string): Promise<number> {
    const r = (await ds.query('SELECT count(*)::int AS n FROM gateway.idempotency_record WHERE tenant_id = $1 AND key = $2', [
      tenantId,
      key,
    ])) as {
      n: number;
    }[];
    return r[0]?.n ?? -1;
  }

  beforeAll(async () => {
    const env = testEnv();
    await ensureTestDatabase(env.DATABASE_URL);
    // The gateway reads orders through the orders service's internal API: run it as its own process.
    orders = await startProcess({
      name: 'orders',
      entry: 'services/orders/src/main.ts',
      port: await freePort(),
      env: { ...env, LOG_LEVEL: 'warn' },
    });
    const pg = new URL(env.DATABASE_URL);
    pgProxy = await startTcpProxy({ host: pg.hostname, port: Number(pg.port) });
    const [tHost, tPort] = env.TEMPORAL_ADDRESS.split(':');
    temporalProxy = await startTcpProxy({ host: tHost, port: Number(tPort) });
    const viaProxy = new URL(env.DATABASE_URL);
    viaProxy.port = String(pgProxy.port);
    // No catalog-sync, webhooks, pricing-rules or loyalty run here: a port nothing listens on (never a dev stack's
    // default port).
    nobody = `http://127.0.0.1:${await freePort()}`;
    const started = await startGateway({
      ...process.env,
      ORDERS_URL: orders.url,
      CATALOG_URL: nobody,
      WEBHOOKS_URL: nobody,
      PRICING_URL: nobody,
      LOYALTY_URL: nobody,
      DATABASE_URL: viaProxy.toString(),
      TEMPORAL_ADDRESS: temporalProxy.address,
      TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
      HTTP_PORT: '0',
      ADMIN_API_KEY: ADMIN,
      HTTP_BODY_LIMIT: '64kb',
      LOG_LEVEL: 'warn',
    });
    app = started.app;
    base = started.url;
    ds = new DataSource({ type: 'postgres', url: env.DATABASE_URL });
    await ds.initialize();
    temporal = new Client({ connection: await Connection.connect({ address: env.TEMPORAL_ADDRESS }), namespace: env.TEMPORAL_NAMESPACE });
    tenantId = uniqueTenantId('gw');
    const created = await call('POST', '/admin/tenants', { id: tenantId, name: 'Gateway IT' }, { authorization: `Bearer ${ADMIN}` });
    expect(created.status).toBe(201);
    apiKey = (created.body.apiKey as { key: string }).key;
  }, 120_000);

  afterAll(async () => {
    // No worker runs here: terminate the sagas this test started so no later worker picks them up.
    for await (const wf of temporal.workflow.list({ query: `LoomaTenantId = '${tenantId}' AND ExecutionStatus = 'Running'` })) {
      await temporal.workflow
        .getHandle(wf.workflowId)
        .terminate('gateway integration test cleanup')
        .catch(() => undefined);
    }
    await app?.close();
    await orders?.stop();
    await pgProxy?.close();
    await temporalProxy?.close();
    await ds?.destroy();
    await temporal?.connection.close();
  });

  describe('authentication', () => {
    it.each([
      ['no key', {}],
      ['a malformed key', { authorization: 'Bearer nope' }],
      ['an unknown well-formed key', { 'x-api-key': `lh_${'A'.repeat(12)}_${'b'.repeat(40)}` }],
    ])('answers 401 problem+json to %s', async (_what, headers) => {
      const r = await call('GET', '/v1/products?q=x', undefined, headers as Record<string, string>);
      expect(r.status).toBe(401);
      expect(r.type).toContain('application/problem+json');
      expect(r.body).toMatchObject({ status: 401, code: 'auth.unauthorized' });
    });

    it('answers 401 on every /v1 route of the OpenAPI document without a key (but the inbound webhooks, signed instead)', async () => {
      const doc = (await call('GET', '/docs/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
      expect(Object.keys(doc.paths).filter((p) => p.startsWith('/v1/inbound/'))).toEqual(['/v1/inbound/{tenantId}/{source}']);
      const routes = Object.entries(doc.paths)
        .filter(([p]) => p.startsWith('/v1/') && !p.startsWith('/v1/inbound/'))
        .flatMap(([p, methods]) =>
          Object.keys(methods).map((m) => [m.toUpperCase(), p.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000')]),
        );
      expect(routes.length).toBeGreaterThanOrEqual(3);
      expect(routes).toContainEqual(['POST', '/v1/quotes']);
      for (const [method, route] of routes) {
        const r = await call(method!, route!, method === 'GET' ? undefined : {});
        expect({ route: `${method} ${route}`, status: r.status, code: r.body.code }).toEqual({
          route: `${method} ${route}`,
          status: 401,
          code: 'auth.unauthorized',
        });
      }
    });

    it('relays inbound webhooks without an API key: a bad source is its 400, the receiver not answering a 503 problem', async () => {
      const bad = await call('POST', `/v1/inbound/${tenantId}/Not%20A%20Source`, '{}');
      expect({ status: bad.status, fields: (bad.body.errors as { field: string }[]).map((e) => e.field) }).toEqual({
        status: 400,
        fields: ['source'],
      });
      // No webhooks service runs here: the relay answers what the internal client makes of that.
      const down = await call('POST', `/v1/inbound/${tenantId}/retailer`, '{"type":"sale.completed"}', { 'webhook-id': 'msg_1' });
      expect({ status: down.status, type: down.type, code: down.body.code }).toEqual({
        status: 503,
        type: expect.stringContaining('application/problem+json') as unknown,
        code: 'service.unavailable',
      });
      expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
    });

    it('refuses two different keys at once (Authorization and X-Api-Key) as ambiguous', async () => {
      const r = await call('GET', '/v1/products?q=x', undefined, { ...auth(), 'x-api-key': `lh_${'A'.repeat(12)}_${'b'.repeat(40)}` });
      expect(r.status).toBe(401);
      expect(String(r.body.detail)).toContain('Two different keys');
    });

    it('refuses /admin without the admin key, even with a valid tenant key', async () => {
      expect((await call('GET', '/admin/tenants', undefined, auth())).status).toBe(401);
    });

    it('stops honouring a revoked key', async () => {
      const k = await call('POST', `/admin/tenants/${tenantId}/keys`, { name: 'temp' }, { authorization: `Bearer ${ADMIN}` });
      const key = k.body.key as string;
      expect((await call('GET', `/v1/orders/00000000-0000-4000-8000-000000000000`, undefined, { 'x-api-key': key })).status).toBe(404);
      const del = await call('DELETE', `/admin/tenants/${tenantId}/keys/${k.body.id as string}`, undefined, {
        authorization: `Bearer ${ADMIN}`,
      });
      expect(del.status).toBe(204);
      // The gateway caches good keys briefly; revocation clears the cache.
      expect((await call('GET', `/v1/orders/00000000-0000-4000-8000-000000000000`, undefined, { 'x-api-key': key })).status).toBe(401);
    });

    it('creates a tenant all or nothing: a partner service down → 503, its key never works, what was stored is purged', async () => {
      const id = `${tenantId}-partial`;
      // orders stores the retailer connection; webhooks does not run here, so the endpoint cannot be stored.
      const r = await call(
        'POST',
        '/admin/tenants',
        {
          id,
          name: 'Partial',
          retailer: { baseUrl: 'http://127.0.0.1:9/retailer', token: 'partial-token-0001' },
          webhooks: [{ url: 'https://chat.example.com/hook' }],
        },
        { authorization: `Bearer ${ADMIN}` },
      );
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ code: 'tenant.provisioning-failed' });
      expect(r.headers.get('retry-after')).toBe('5');
      expect(JSON.stringify(r.body)).not.toContain('lh_');
      // The connection orders had stored is gone again (a tenant that never existed leaves nothing behind).
      const conn = await fetch(`${orders.url}/internal/tenants/${id}/connections/retailer`, {
        headers: { 'x-internal-token': 'local-internal-token-change-me' },
      });
      expect(conn.status).toBe(404);
      // The tenant waits in `deleting` until every service confirmed (webhooks never answers here); its id is taken meanwhile.
      const shown = await call('GET', `/admin/tenants/${id}`, undefined, { authorization: `Bearer ${ADMIN}` });
      expect(shown.body).toMatchObject({ id, status: 'deleting' });
      const again = await call('POST', '/admin/tenants', { id, name: 'Partial' }, { authorization: `Bearer ${ADMIN}` });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'tenant.deleting' });
    });

    it('stores only a hash of each key', async () => {
      const rows = (await ds.query('SELECT hash, prefix FROM gateway.api_key WHERE tenant_id = $1', [tenantId])) as {
        hash: string;
        prefix: string;
      }[];
      const mine = rows.find((r) => apiKey.startsWith(`lh_${r.prefix}_`));
      // The row holds the SHA-256 of the whole key and its public prefix; the secret part is nowhere in it.
      expect(mine?.hash).toBe(createHash('sha256').update(apiKey).digest('hex'));
      const secret = apiKey.split('_')[2]!;
      expect(secret).toHaveLength(40);
      expect(JSON.stringify(rows)).not.toContain(secret);
    });
  });

  describe('bad input gets a clear 4xx and writes nothing', () => {
    it.each([
      ['malformed JSON', '{"externalId": "x",', 400, '(body)'],
      ['an unknown field', { ...order('bad-1'), surprise: true }, 400, 'surprise'],
      [
        'an unknown nested field',
        order('bad-2', { items: [{ productId: 'P', quantity: 1, unitPriceCents: 1, colour: 'red' }] }),
        400,
        'items.0.colour',
      ],
      ['an invalid CPF', order('bad-3', { customer: { name: 'X', document: '123.456.789-00' } }), 400, 'customer.document'],
      ['no items', order('bad-4', { items: [] }), 400, 'items'],
      ['a negative quantity', order('bad-5', { items: [{ productId: 'P', quantity: -1, unitPriceCents: 1 }] }), 400, 'items.0.quantity'],
      ['a total that does not add up', order('bad-6', { totalCents: 1 }), 422, 'totalCents'],
    ])('%s', async (_what, body, status, field) => {
      const r = await call('POST', '/v1/orders', body, { ...auth(), 'idempotency-key': `bad-${String(field)}-${Date.now()}` });
      expect(r.status).toBe(status);
      expect(r.type).toContain('application/problem+json');
      const fields = ((r.body.errors as { field: string }[] | undefined) ?? []).map((e) => e.field);
      expect(fields).toContain(field);
    });

    it('413 for an oversized body', async () => {
      const huge = order('bad-big', { notes: 'x'.repeat(70 * 1024) });
      const r = await call('POST', '/v1/orders', huge, auth());
      expect(r.status).toBe(413);
      expect(r.body).toMatchObject({ status: 413, code: 'request.too-large' });
    });

    it('left no workflow and no idempotency record behind', async () => {
      expect(await workflowsOfTenant()).toBe(0);
      // Only the 422 (a business answer) is kept for replay; validation failures leave nothing.
      expect(await idempotencyRecords()).toBe(1);
    });
  });

  describe('JSON the edge refuses', () => {
    it.each([
      ['5,000 levels deep', `{"externalId":"deep","notes":${'['.repeat(5_000)}${']'.repeat(5_000)}}`, 400, 'request.too-deep'],
      ['nested one level past the limit', `${'{"a":'.repeat(65)}1${'}'.repeat(65)}`, 400, 'request.too-deep'],
      [
        'wide: 4,000 unknown keys',
        JSON.stringify(Object.fromEntries(Array.from({ length: 4_000 }, (_, i) => [`k${i}`, i]))),
        400,
        'request.invalid',
      ],
      [
        'a quantity too large to be a number',
        JSON.stringify(order('huge-1')).replace('"quantity":2', '"quantity":1e400'),
        400,
        'request.malformed-json',
      ],
      [
        'a price beyond the safe integers',
        JSON.stringify(order('huge-2')).replace('"unitPriceCents":1990', '"unitPriceCents":123456789012345678901234567890'),
        400,
        'request.invalid',
      ],
    ])('%s → %d %s, never a 500', async (_what, raw, status, code) => {
      const r = await call('POST', '/v1/orders', raw, { ...auth(), 'idempotency-key': `edge-${Date.now()}-${Math.random()}` });
      expect({ status: r.status, code: r.body.code, type: r.type.split(';')[0] }).toEqual({
        status,
        code,
        type: 'application/problem+json',
      });
    });
  });

  describe('an outage of what the gateway depends on', () => {
    it('PostgreSQL down: 503 problem+json with Retry-After (never a 500), and back to normal once it returns', async () => {
      const fresh = await call('POST', `/admin/tenants/${tenantId}/keys`, { name: 'outage' }, { authorization: `Bearer ${ADMIN}` });
      const key = fresh.body.key as string; // not in the key cache yet: authenticating it needs the database
      await pgProxy.cut();
      try {
        for (const headers of [auth(), { authorization: `Bearer ${key}` }]) {
          const r = await call('POST', '/v1/orders', order(`outage-${Date.now()}`), {
            ...headers,
            'idempotency-key': `outage-${Date.now()}`,
          });
          expect({ status: r.status, code: r.body.code, type: r.type.split(';')[0] }).toEqual({
            status: 503,
            code: 'database.unavailable',
            type: 'application/problem+json',
          });
          expect(r.headers.get('retry-after')).toBe('5');
        }
      } finally {
        await pgProxy.restore();
      }
      const back = await waitFor(() => call('POST', '/v1/orders', order('after-outage'), { authorization: `Bearer ${key}` }), {
        until: (r) => r.status === 202,
        timeoutMs: 30_000,
        what: 'the gateway to use the database again',
      });
      expect(back.body).toMatchObject({ status: 'RECEIVED', created: true });
    });

    it('Temporal down: 503 temporal.unavailable with Retry-After', async () => {
      await temporalProxy.cut();
      try {
        const r = await call('POST', '/v1/orders', order(`no-temporal-${Date.now()}`), auth());
        expect({ status: r.status, code: r.body.code }).toEqual({ status: 503, code: 'temporal.unavailable' });
        expect(r.headers.get('retry-after')).toBe('5');
      } finally {
        await temporalProxy.restore();
      }
      // The gateway's connection to Temporal recovers on its own.
      const back = await waitFor(() => call('POST', '/v1/orders', order('after-temporal-outage'), auth()), {
        until: (r) => r.status === 202,
        timeoutMs: 60_000,
        intervalMs: 1_000,
        what: 'the gateway to reach Temporal again',
      });
      expect(back.body).toMatchObject({ status: 'RECEIVED', created: true });
    }, 120_000);
  });

  describe('orders and idempotency', () => {
    it('accepts an order with 202 and starts its saga, searchable by tenant and order id', async () => {
      const r = await call('POST', '/v1/orders', order('ok-1'), auth());
      expect(r.status).toBe(202);
      expect(r.body).toMatchObject({ status: 'RECEIVED', created: true });
      const id = r.body.id as string;
      expect(r.body.workflowId).toBe(`order-${id}`);
      // Visibility (what the Temporal UI lists) follows the start a moment later.
      const found = await waitFor(() => temporal.workflow.count(`LoomaOrderId = '${id}' AND LoomaTenantId = '${tenantId}'`), {
        until: (c) => c.count === 1,
        timeoutMs: 10_000,
        what: 'the saga to be searchable by order and tenant',
      });
      expect(found.count).toBe(1);
      // While no worker has written it, GET still answers from Temporal.
      const got = await call('GET', `/v1/orders/${id}`, undefined, auth());
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({
        id,
        status: 'RECEIVED',
        totalCents: 3980,
        externalId: 'ok-1',
        customer: { name: 'Maria da Silva' },
      });
      expect(got.body.history).toEqual([{ status: 'RECEIVED', at: expect.any(String) }]);
    });

    it('same externalId → same order, never a second saga', async () => {
      const a = await call('POST', '/v1/orders', order('ok-2'), auth());
      const b = await call('POST', '/v1/orders', order('ok-2'), auth());
      expect(b.status).toBe(202);
      expect(b.body.id).toBe(a.body.id);
      expect(b.body.created).toBe(false);
    });

    it('Idempotency-Key: same body replays the stored answer; another body is refused with 422', async () => {
      const key = `idem-${Date.now()}`;
      const first = await call('POST', '/v1/orders', order('ok-3'), { ...auth(), 'idempotency-key': key });
      const again = await call('POST', '/v1/orders', order('ok-3'), { ...auth(), 'idempotency-key': key });
      expect(again.status).toBe(202);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const other = await call('POST', '/v1/orders', order('ok-4'), { ...auth(), 'idempotency-key': key });
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ code: 'idempotency.key-reused' });
    });

    it('without externalId, the Idempotency-Key alone still pins the order: a retry after the record is lost starts no second saga', async () => {
      const key = `lost-record-${Date.now()}`;
      const { externalId: _drop, ...body } = order('unused');
      const first = await call('POST', '/v1/orders', body, { ...auth(), 'idempotency-key': key });
      expect(first.status).toBe(202);
      // As if the stored answer had been lost (a failed write after the start, a crash): the retry reruns.
      await ds.query('DELETE FROM gateway.idempotency_record WHERE tenant_id = $1 AND key = $2', [tenantId, key]);
      const retry = await call('POST', '/v1/orders', body, { ...auth(), 'idempotency-key': key });
      expect(retry.status).toBe(202);
      expect(retry.body).toMatchObject({ id: first.body.id, created: false });
      const sagas = await waitFor(() => temporal.workflow.count(`LoomaOrderId = '${first.body.id as string}'`), {
        until: (c) => c.count > 0,
        timeoutMs: 10_000,
        what: 'the saga to be visible',
      });
      expect(sagas.count).toBe(1);
    });

    it('frees a key whose first request died mid-flight (abandoned "processing" record)', async () => {
      const key = `abandoned-${Date.now()}`;
      await ds.query(
        `INSERT INTO gateway.idempotency_record (tenant_id, key, request_hash, method, path, state, created_at)
         VALUES ($1, $2, 'x', 'POST', '/v1/orders', 'processing', now() - interval '5 minutes')`,
        [tenantId, key],
      );
      const r = await call('POST', '/v1/orders', order('ok-6'), { ...auth(), 'idempotency-key': key });
      expect(r.status).toBe(202);
      const again = await call('POST', '/v1/orders', order('ok-6'), { ...auth(), 'idempotency-key': key });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    });

    it('answers 409 to a second request with the same key while the first is genuinely in flight, then replays its answer', async () => {
      const key = `inflight-${Date.now()}`;
      const body = order('ok-7');
      // Temporal holds the first request's workflow start: it is in flight for as long as the proxy is paused.
      temporalProxy.pause();
      let first: Promise<Awaited<ReturnType<typeof call>>>;
      try {
        first = call('POST', '/v1/orders', body, { ...auth(), 'idempotency-key': key });
        await waitFor(() => idempotencyRecordsWithKey(key), {
          until: (n) => n === 1,
          timeoutMs: 10_000,
          what: 'the first request to claim the key',
        });
        const second = await call('POST', '/v1/orders', body, { ...auth(), 'idempotency-key': key });
        expect(second.status).toBe(409);
        expect(second.body).toMatchObject({ code: 'idempotency.in-progress' });
      } finally {
        temporalProxy.resume();
      }
      const done = await first;
      expect(done.status).toBe(202);
      const third = await call('POST', '/v1/orders', body, { ...auth(), 'idempotency-key': key });
      expect(third.status).toBe(202);
      expect(third.body).toEqual(done.body);
      expect(third.headers.get('idempotent-replayed')).toBe('true');
    });

    it('another tenant cannot see the order', async () => {
      const r = await call('POST', '/v1/orders', order('ok-5'), auth());
      const other = await call('POST', '/admin/tenants', { id: `${tenantId}-other`, name: 'Other' }, { authorization: `Bearer ${ADMIN}` });
      const otherKey = (other.body.apiKey as { key: string }).key;
      const got = await call('GET', `/v1/orders/${r.body.id as string}`, undefined, { authorization: `Bearer ${otherKey}` });
      expect(got.status).toBe(404);
    });
  });

  describe('quotes and pricing administration at the edge (pricing-rules does not run here)', () => {
    const admin = () => ({ authorization: `Bearer ${ADMIN}` });
    const lines = (n: number) => Array.from({ length: n }, (_, i) => ({ productId: `P-${i}`, quantity: 1 }));
    const fieldsOf = (r: Awaited<ReturnType<typeof call>>) =>
      ((r.body.errors as { field: string }[] | undefined) ?? []).map((e) => e.field);

    it.each([
      ['501 lines', { lines: lines(501) }, ['lines']],
      ['lines that are not an array', { lines: 'P-1' }, ['lines']],
      ['a body that is an array, not an object', [{ productId: 'P-1', quantity: 1 }], ['body']],
      ['a line without a quantity', { lines: [{ productId: 'P-1' }] }, ['lines.0.quantity']],
    ])(
      'POST /v1/quotes with %s → 400 problem+json naming the field, refused before pricing-rules is asked',
      async (_what, body, fields) => {
        const r = await call('POST', '/v1/quotes', body, auth());
        expect({ status: r.status, code: r.body.code, type: r.type.split(';')[0], fields: fieldsOf(r) }).toEqual({
          status: 400,
          code: 'request.invalid',
          type: 'application/problem+json',
          fields,
        });
      },
    );

    it('POST /v1/quotes with a valid cart of 500 lines is forwarded to pricing-rules (here: down → 503 naming it)', async () => {
      const r = await call('POST', '/v1/quotes', { lines: lines(500), customer: { document: '529.982.247-25' } }, auth());
      expect({ status: r.status, code: r.body.code, detail: r.body.detail }).toEqual({
        status: 503,
        code: 'service.unavailable',
        detail: 'The pricing-rules service did not answer; try again shortly.',
      });
    });

    it('answers 401 on every pricing admin route of the OpenAPI document without the admin key (a tenant key is not one)', async () => {
      const doc = (await call('GET', '/docs/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
      const routes = Object.entries(doc.paths)
        .filter(([p]) => p.startsWith('/admin/tenants/{tenantId}/pricing/'))
        .flatMap(([p, methods]) =>
          Object.keys(methods).map((m) => [m.toUpperCase(), p.replace('{tenantId}', tenantId).replace(/\{[^}]+\}/g, 'r-1')]),
        );
      expect(routes.map(([m, r]) => `${m} ${r}`).sort()).toEqual(
        [
          'GET rules',
          'POST rules',
          'POST rules/preview',
          'GET rules/r-1',
          'PUT rules/r-1',
          'DELETE rules/r-1',
          'POST rules/r-1/enable',
          'POST rules/r-1/disable',
          'GET settings',
          'PUT settings',
          'GET sync',
          'POST sync',
          'GET coupons/r-1/usage',
        ]
          .map((r) => `${r.split(' ')[0]} /admin/tenants/${tenantId}/pricing/${r.split(' ')[1]}`)
          .sort(),
      );
      for (const [method, route] of routes) {
        for (const headers of [{}, auth()]) {
          const r = await call(method!, route!, method === 'GET' || method === 'DELETE' ? undefined : {}, headers);
          expect({ route: `${method} ${route}`, status: r.status, code: r.body.code }).toEqual({
            route: `${method} ${route}`,
            status: 401,
            code: 'auth.unauthorized',
          });
        }
      }
    });

    it.each([
      [
        'a coupon rule without its coupon',
        'POST',
        'rules',
        { id: 'r-1', name: 'X', kind: 'coupon', action: { type: 'free-shipping' } },
        ['coupon'],
      ],
      ['an unknown action', 'PUT', 'rules/r-1', { id: 'r-1', name: 'X', kind: 'promotion', action: { type: 'half-off' } }, ['action.type']],
      ['an unknown eligibility source', 'PUT', 'settings', { eligibilitySource: 'astrology' }, ['eligibilitySource']],
      ['an unknown sync mode', 'POST', 'sync', { mode: 'sometimes' }, ['mode']],
      [
        'a preview without a cart',
        'POST',
        'rules/preview',
        { rule: { id: 'r-1', name: 'X', kind: 'promotion', action: { type: 'free-shipping' } } },
        ['cart'],
      ],
      ['a rule list filter that is not true or false', 'GET', 'rules?enabled=yes', undefined, ['enabled']],
    ])('pricing admin: %s → 400 naming the field, before pricing-rules is asked', async (_what, method, route, body, fields) => {
      const r = await call(method, `/admin/tenants/${tenantId}/pricing/${route}`, body, admin());
      expect({ status: r.status, code: r.body.code, fields: fieldsOf(r) }).toEqual({ status: 400, code: 'request.invalid', fields });
    });

    it('pricing admin: an unknown tenant is a 404 from the gateway; a known one is relayed to pricing-rules (down here → 503)', async () => {
      const unknown = await call('GET', `/admin/tenants/${tenantId}-nobody/pricing/settings`, undefined, admin());
      expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'tenant.not-found' });
      const relayed = await call('GET', `/admin/tenants/${tenantId}/pricing/settings`, undefined, admin());
      expect({ status: relayed.status, code: relayed.body.code, detail: relayed.body.detail }).toEqual({
        status: 503,
        code: 'service.unavailable',
        detail: 'The pricing-rules service did not answer; try again shortly.',
      });
    });

    it('deleting a tenant asks pricing-rules to drop its data too: not confirmed (it does not run here), the tenant waits in deleting', async () => {
      const id = `${tenantId}-del`;
      expect((await call('POST', '/admin/tenants', { id, name: 'To delete' }, admin())).status).toBe(201);
      const del = await call('DELETE', `/admin/tenants/${id}`, undefined, admin());
      expect(del.status).toBe(202);
      // orders runs here and confirms; the three that do not are pending, pricing-rules among them.
      expect({ ...del.body, pending: (del.body.pending as string[]).sort() }).toEqual({
        id,
        status: 'deleting',
        pending: ['catalog-sync', 'pricing-rules', 'webhooks'],
      });
    });
  });

  describe('webhooks administration at the edge (webhooks does not run here)', () => {
    const admin = () => ({ authorization: `Bearer ${ADMIN}` });
    // Each field once (a field may break more than one rule).
    const fieldsOf = (r: Awaited<ReturnType<typeof call>>) => [
      ...new Set(((r.body.errors as { field: string }[] | undefined) ?? []).map((e) => e.field).sort()),
    ];
    const id = '0b4f6c1e-5a3b-4c2d-8e1f-00000000abcd';

    it('answers 401 on every webhooks admin route of the OpenAPI document without the admin key (a tenant key is not one)', async () => {
      const doc = (await call('GET', '/docs/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
      const routes = Object.entries(doc.paths)
        .filter(([p]) => p.startsWith('/admin/tenants/{tenantId}/webhooks/'))
        .flatMap(([p, methods]) =>
          Object.keys(methods).map((m) => [m.toUpperCase(), p.replace('{tenantId}', tenantId).replace(/\{[^}]+\}/g, id)]),
        );
      expect(routes.map(([m, r]) => `${m} ${r}`).sort()).toEqual(
        [
          'POST endpoints',
          'GET endpoints',
          `GET endpoints/${id}`,
          `PATCH endpoints/${id}`,
          `DELETE endpoints/${id}`,
          `POST endpoints/${id}/rotate-secret`,
          'GET deliveries',
          'POST deliveries/replay',
          `GET deliveries/${id}`,
          `POST deliveries/${id}/replay`,
          'GET dead-letters',
        ]
          .map((r) => `${r.split(' ')[0]} /admin/tenants/${tenantId}/webhooks/${r.split(' ')[1]}`)
          .sort(),
      );
      for (const [method, route] of routes) {
        for (const headers of [{}, auth()]) {
          const r = await call(method!, route!, method === 'GET' || method === 'DELETE' ? undefined : {}, headers);
          expect({ route: `${method} ${route}`, status: r.status, code: r.body.code }).toEqual({
            route: `${method} ${route}`,
            status: 401,
            code: 'auth.unauthorized',
          });
        }
      }
    });

    it.each([
      ['a format the hub does not speak', 'POST', 'webhooks/endpoints', { url: 'https://chat.example.com/h', format: 'slack' }, ['format']],
      ['options that are not an object', 'PATCH', `webhooks/endpoints/${id}`, { options: 'x' }, ['options']],
      ['an endpoint id that is not a UUID', 'GET', 'webhooks/endpoints/not-a-uuid', undefined, ['id']],
      ['a delivery id that is not a UUID', 'POST', 'webhooks/deliveries/42/replay', undefined, ['id']],
      [
        'a rotation window that is not a string',
        'POST',
        `webhooks/endpoints/${id}/rotate-secret`,
        { previousValidFor: 24 },
        ['previousValidFor'],
      ],
      ['a bulk replay without since', 'POST', 'webhooks/deliveries/replay', { endpointId: id }, ['since']],
      ['an unknown delivery filter', 'GET', 'webhooks/deliveries?colour=red', undefined, ['colour']],
      ['an enabled filter that is not true or false', 'GET', 'webhooks/endpoints?enabled=yes', undefined, ['enabled']],
      ['a development mode that is not a boolean', 'PATCH', '', { developmentMode: 'yes' }, ['developmentMode']],
    ])('webhooks admin: %s → 400 naming the field, before webhooks is asked', async (_what, method, route, body, fields) => {
      const r = await call(method, `/admin/tenants/${tenantId}${route ? `/${route}` : ''}`, body, admin());
      expect({ status: r.status, code: r.body.code, fields: fieldsOf(r) }).toEqual({ status: 400, code: 'request.invalid', fields });
    });

    it('webhooks admin: an unknown tenant is a 404 from the gateway; a known one is relayed to webhooks (down here → 503)', async () => {
      const unknown = await call('GET', `/admin/tenants/${tenantId}-nobody/webhooks/endpoints`, undefined, admin());
      expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'tenant.not-found' });
      for (const [method, route, body] of [
        ['GET', 'webhooks/dead-letters?limit=5', undefined],
        ['PATCH', '', { developmentMode: true }],
      ] as const) {
        const relayed = await call(method, `/admin/tenants/${tenantId}${route ? `/${route}` : ''}`, body, admin());
        expect({ status: relayed.status, code: relayed.body.code, detail: relayed.body.detail }).toEqual({
          status: 503,
          code: 'service.unavailable',
          detail: 'The webhooks service did not answer; try again shortly.',
        });
      }
    });

    it('a tenant created in development mode has it stored by webhooks first: webhooks down → nothing is created', async () => {
      const id = `${tenantId}-dev`;
      const r = await call('POST', '/admin/tenants', { id, name: 'Dev', developmentMode: true }, admin());
      expect({ status: r.status, code: r.body.code }).toEqual({ status: 503, code: 'tenant.provisioning-failed' });
      expect(JSON.stringify(r.body)).not.toContain('lh_');
      // Without development mode nothing goes to webhooks, so the same creation succeeds.
      const plain = await call('POST', '/admin/tenants', { id: `${tenantId}-plain`, name: 'Plain' }, admin());
      expect({ status: plain.status, developmentMode: (plain.body.tenant as { developmentMode: boolean }).developmentMode }).toEqual({
        status: 201,
        developmentMode: false,
      });
    });
  });

  describe('outbox parking through the admin API', () => {
    it('shows a row the broker refuses for good parked in the orders outbox with its error, and re-queues it once fixed: then it is delivered', async () => {
      const env = testEnv();
      const admin = { authorization: `Bearer ${ADMIN}` };
      const topic = `hub.test.gateway-parked.${randomUUID().slice(0, 8)}.v1`;
      const kafka = createKafka({ brokers: env.KAFKA_BROKERS.split(','), clientId: `gateway-it-${topic}` });
      const kafkaAdmin = kafka.admin();
      await kafkaAdmin.connect();
      await ensureTopics(kafkaAdmin, [topic], 1);
      const received: string[] = [];
      const reader = kafka.consumer({ groupId: `reader-${topic}` });
      await reader.connect();
      await reader.subscribe({ topic, fromBeginning: true });
      await reader.run({
        eachMessage: async ({ message }) => void received.push((JSON.parse(message.value!.toString()) as { id: string }).id),
      });
      try {
        // An event the orders service's relay cannot ever send as it is: 1.5 MB, the broker takes ~1 MB a message.
        // Written with the outbox writer of every service into the orders schema (no request makes one that big).
        const event = await ds.transaction((m) =>
          new OutboxWriter('orders', 'looma-hub/gateway-it').enqueue(m, {
            topic,
            tenantId,
            key: `${tenantId}:parked`,
            subject: 'parked',
            data: { blob: 'x'.repeat(1_500_000) },
          }),
        );
        const row = async () =>
          (
            (await ds.query('SELECT created_at, parked_at, published_at FROM orders.outbox WHERE id = $1', [event.id])) as {
              created_at: Date;
              parked_at: Date | null;
              published_at: Date | null;
            }[]
          )[0];
        // The relay tries it its 5 attempts (backing off) and parks it.
        const parkedRow = await waitFor(row, { until: (r) => Boolean(r?.parked_at), timeoutMs: 60_000, what: 'the oversized row parked' });

        type Listing = { service: string; total?: number; items?: ParkedOutboxRow[]; error?: string }[];
        const listed = await call('GET', '/admin/outbox/parked', undefined, admin);
        expect(listed.status).toBe(200);
        const services = listed.body as unknown as Listing;
        expect(services.map((s) => s.service)).toEqual(['orders', 'catalog-sync', 'webhooks', 'pricing-rules', 'loyalty']);
        // The services that do not run here are listed with why, not hidden.
        expect(services.slice(1)).toEqual(
          ['catalog', 'webhooks', 'pricing-rules', 'loyalty'].map((name, i) => ({
            service: ['catalog-sync', 'webhooks', 'pricing-rules', 'loyalty'][i],
            error: `The ${name} service did not answer; try again shortly.`,
          })),
        );
        const ordersParked = services[0]!;
        expect(ordersParked.items?.filter((r) => r.id === event.id)).toEqual([
          {
            id: event.id,
            topic,
            key: `${tenantId}:parked`,
            tenantId,
            attempts: 5,
            lastError: 'The request included a message larger than the max message size the server will accept',
            createdAt: parkedRow?.created_at.toISOString(),
            parkedAt: parkedRow?.parked_at?.toISOString(),
          },
        ]);
        expect(received).toEqual([]);
        expect((await call('GET', '/admin/outbox/parked', undefined, auth())).status).toBe(401);
        expect((await call('POST', '/admin/outbox/nope/requeue', { ids: [event.id] }, admin)).status).toBe(400);

        // The cause removed (the topic takes bigger messages now), re-queued through the admin API: delivered.
        await kafkaAdmin.alterConfigs({
          validateOnly: false,
          resources: [{ type: 2 /* TOPIC */, name: topic, configEntries: [{ name: 'max.message.bytes', value: '4000000' }] }],
        });
        const requeued = await call('POST', '/admin/outbox/orders/requeue', { ids: [event.id] }, admin);
        expect([requeued.status, requeued.body]).toEqual([200, { service: 'orders', requeued: 1 }]);
        await waitFor(() => received, { until: (r) => r.length > 0, timeoutMs: 60_000, what: 'the re-queued event delivered' });
        expect(received).toEqual([event.id]);
        expect(Boolean((await row())?.published_at)).toBe(true);
        const after = (await call('GET', '/admin/outbox/parked', undefined, admin)).body as unknown as Listing;
        expect(after[0]?.items?.filter((r) => r.id === event.id)).toEqual([]);
      } finally {
        await reader.disconnect();
        await kafkaAdmin.deleteTopics({ topics: [topic] }).catch(() => undefined);
        await kafkaAdmin.disconnect();
      }
    }, 150_000);
  });

  it('serves OpenAPI at /docs, and the committed openapi.json is current', async () => {
    const served = await call('GET', '/docs/openapi.json');
    expect(served.status).toBe(200);
    expect(Object.keys(served.body.paths as object)).toEqual(
      expect.arrayContaining(['/v1/orders', '/v1/orders/{id}', '/v1/products', '/v1/quotes']),
    );
    // Every `$ref` names a component of the document (schemas the contracts nest under ids of their own included).
    const components = Object.keys((served.body.components as { schemas: object }).schemas);
    const refs = [...new Set([...JSON.stringify(served.body).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!))];
    expect(refs.filter((r) => !components.map((c) => `#/components/schemas/${c}`).includes(r))).toEqual([]);
    expect(refs).toEqual(expect.arrayContaining(['#/components/schemas/Quote', '#/components/schemas/QuoteLine']));
    const committed = path.join(__dirname, '..', 'openapi.json');
    const tmp = path.join(__dirname, '..', '..', '..', 'tmp', `openapi-${process.pid}.json`);
    fs.mkdirSync(path.dirname(tmp), { recursive: true });
    const fresh = await writeOpenApi(tmp);
    expect(fs.readFileSync(committed, 'utf8')).toBe(fresh);
  }, 60_000);
});
