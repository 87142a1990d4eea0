import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { type ConnectionChangedV1, SearchAttributes, Topics } from '@looma-hub/contracts';
import { createTemporalClient } from '@looma-hub/platform';
import { createTestDatabase, ensureNamespace, type TestDatabase, testEnv, uniqueTenantId } from '@looma-hub/testing';
import type { Client } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { startOrders } from '../src/main';
import { OrderService } from '../src/order/order.service';

const TOKEN = 'orders-int-connections-token-0123';

/**
 * The orders service as the one owner of the tenants' partner connections, and its part of tenant deletion,
 * against the real Postgres (a database of its own), Kafka and Temporal.
 */
describe('orders: partner connections and tenant deletion', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let url: string;
  let ds: DataSource;
  let temporal: Client;

  beforeAll(async () => {
    db = await createTestDatabase('ordconn');
    const env = testEnv();
    ensureNamespace(env.TEMPORAL_NAMESPACE);
    ({ app, url } = await startOrders({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HTTP_PORT: '0',
      DATABASE_URL: db.url,
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
      TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
      INTERNAL_API_TOKEN: TOKEN,
    }));
    ds = app.get(DataSource);
    temporal = createTemporalClient({ address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await db?.drop();
  });

  const call = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'x-internal-token': TOKEN, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const announced = async (tenantId: string) =>
    (
      (await ds.query(`SELECT payload FROM orders.outbox WHERE tenant_id = $1 AND topic = $2 ORDER BY created_at, id`, [
        tenantId,
        Topics.connectionChanged,
      ])) as { payload: { data: ConnectionChangedV1 } }[]
    ).map((r) => r.payload.data);

  it('refuses a malformed connection naming the field, and stores nothing', async () => {
    const tenantId = uniqueTenantId('conn-bad');
    const res = await call<{ code: string; errors: { field: string }[] }>('PUT', `/internal/tenants/${tenantId}/connections/retailer`, {
      baseUrl: 'not a url',
      token: 'x',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('request.invalid');
    expect(res.body.errors.map((e) => e.field)).toEqual(['baseUrl']);
    expect((await call('GET', `/internal/tenants/${tenantId}/connections/retailer`)).status).toBe(404);
    expect(await announced(tenantId)).toEqual([]);
  });

  it('stores a connection once, sealed, announces each real change (never the secret) and serves it to the other services', async () => {
    const tenantId = uniqueTenantId('conn');
    const path = `/internal/tenants/${tenantId}/connections/retailer`;
    const first = await call('PUT', path, { baseUrl: 'http://127.0.0.1:4010/retailer/', token: 'first-token-aaaa1111' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      tenantId,
      kind: 'retailer',
      settings: { baseUrl: 'http://127.0.0.1:4010/retailer', timeoutMs: 10_000 },
      secretHints: { token: '…1111' },
    });
    const firstRevision = first.body.revision as number;
    const [row] = (await ds.query(`SELECT secrets_sealed::text AS s FROM orders.partner_connection WHERE tenant_id = $1`, [tenantId])) as {
      s: string;
    }[];
    expect(row?.s).not.toContain('first-token');

    // The same settings again: nothing changes, nothing is announced.
    expect((await call('PUT', path, { baseUrl: 'http://127.0.0.1:4010/retailer', token: 'first-token-aaaa1111' })).body).toMatchObject({
      revision: firstRevision,
    });
    // A rotated token: one call, a greater revision, only `token` changed.
    const rotated = await call('PUT', path, { baseUrl: 'http://127.0.0.1:4010/retailer', token: 'second-token-bbbb2222' });
    expect(rotated.body).toMatchObject({ secretHints: { token: '…2222' } });
    const secondRevision = rotated.body.revision as number;
    expect(secondRevision).toBeGreaterThan(firstRevision);
    expect(await call('GET', path)).toMatchObject({
      status: 200,
      body: {
        tenantId,
        kind: 'retailer',
        baseUrl: 'http://127.0.0.1:4010/retailer',
        token: 'second-token-bbbb2222',
        timeoutMs: 10_000,
        revision: 2,
      },
    });
    const list = await call<unknown[]>('GET', `/internal/tenants/${tenantId}/connections`);
    expect(list.body).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain('second-token');

    expect((await call('DELETE', path)).status).toBe(204);
    expect(await call('GET', path)).toMatchObject({ status: 404, body: { code: 'connection.not-found' } });
    expect((await call('DELETE', path)).status).toBe(404);

    // Stored again after the removal: the revision keeps growing (a reader's cached copy can never look current).
    const again = await call('PUT', path, { baseUrl: 'http://127.0.0.1:4010/retailer', token: 'first-token-aaaa1111' });
    const events = await announced(tenantId);
    expect(events.map(({ changed, removed }) => ({ changed, removed }))).toEqual([
      { changed: ['baseUrl', 'timeoutMs', 'token'], removed: false },
      { changed: ['token'], removed: false },
      { changed: [], removed: true },
      { changed: ['baseUrl', 'timeoutMs', 'token'], removed: false },
    ]);
    const revisions = events.map((e) => e.revision);
    expect(revisions[0]).toBe(firstRevision);
    expect(revisions[1]).toBe(secondRevision);
    expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
    expect(new Set(revisions).size).toBe(4);
    expect(again.body.revision).toBe(revisions[3]);
    await call('DELETE', path);
    const payloads = (await ds.query(`SELECT payload::text AS p FROM orders.outbox WHERE tenant_id = $1`, [tenantId])) as { p: string }[];
    for (const { p } of payloads) expect(p).not.toMatch(/first-token|second-token/);
  });

  it('shows nothing of a short secret in the admin view', async () => {
    const tenantId = uniqueTenantId('conn-short');
    const res = await call('PUT', `/internal/tenants/${tenantId}/connections/retailer`, {
      baseUrl: 'http://127.0.0.1:4010/retailer',
      token: 'k3y9',
    });
    expect(res.body).toMatchObject({ secretHints: { token: '…' } });
    expect(JSON.stringify(res.body)).not.toContain('k3y9');
    await call('DELETE', `/internal/tenants/${tenantId}`);
  });

  it('deleting a tenant ends its sagas and removes its connections and orders; other tenants keep theirs; repeatable', async () => {
    const tenantId = uniqueTenantId('conn-del');
    const other = uniqueTenantId('conn-keep');
    for (const t of [tenantId, other]) {
      await call('PUT', `/internal/tenants/${t}/connections/retailer`, {
        baseUrl: 'http://127.0.0.1:4010/retailer',
        token: `token-of-${t}`,
      });
      await app.get(OrderService).recordReceived({
        tenantId: t,
        orderId: randomUUID(),
        order: {
          channel: 'api',
          customer: { name: 'Maria', document: '52998224725' },
          lines: [{ productId: 'P-1', quantity: 1, unitPriceCents: 100 }],
          totalCents: 100,
        },
      });
    }
    // A saga of the tenant still running (no worker polls its queue here).
    const tenantKey = defineSearchAttributeKey(SearchAttributes.tenantId, SearchAttributeType.KEYWORD);
    const saga = await temporal.workflow.start('orderProvisioningWorkflow', {
      taskQueue: `orders-conn-test-${randomUUID()}`,
      workflowId: `order-${randomUUID()}`,
      args: [],
      typedSearchAttributes: [{ key: tenantKey, value: tenantId }],
    });

    expect((await call('DELETE', `/internal/tenants/${tenantId}`)).status).toBe(204);
    expect((await saga.describe()).status.name).toBe('TERMINATED');
    const count = async (t: string) =>
      (await ds.query(
        `SELECT (SELECT count(*) FROM orders.partner_connection WHERE tenant_id = $1)::int AS connections,
                (SELECT count(*) FROM orders."order" WHERE tenant_id = $1)::int AS orders,
                (SELECT count(*) FROM orders.order_status_history WHERE tenant_id = $1)::int AS history`,
        [t],
      )) as { connections: number; orders: number; history: number }[];
    expect(await count(tenantId)).toEqual([{ connections: 0, orders: 0, history: 0 }]);
    expect(await count(other)).toEqual([{ connections: 1, orders: 1, history: 1 }]);
    // The removal is announced, so readers drop their cached copy.
    expect((await announced(tenantId)).map((e) => e.removed)).toEqual([false, true]);
    expect((await call('DELETE', `/internal/tenants/${tenantId}`)).status).toBe(204);
  });
});
