import { randomUUID } from 'node:crypto';
import { Topics } from '@looma-hub/contracts';
import { testEnv, uniqueTenantId, waitFor } from '@looma-hub/testing';
import { Client, Connection, ScheduleNotFoundError } from '@temporalio/client';
import { Client as Pg } from 'pg';
import { admin, createTenant, internal, json, type RunningStack, startStack } from '../skeleton/stack';

interface OrderView {
  id: string;
  status: string;
}

/**
 * A tenant's partner connections have one owner and tenant creation is all or nothing, with every service and
 * engine real: a token rotated with one call is used at once by the order saga and the catalog sync; a creation
 * that fails half way because a service is down leaves nothing behind in any service, and its id is free again
 * once that service is back.
 */
describe('tenants: one owner for connections, creation and deletion that leave nothing behind (e2e)', () => {
  let stack: RunningStack;
  let temporal: Client;
  let pg: Pg;
  const created: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    temporal = new Client({
      connection: await Connection.connect({ address: testEnv().TEMPORAL_ADDRESS }),
      namespace: testEnv().TEMPORAL_NAMESPACE,
    });
    pg = new Pg({ connectionString: testEnv().DATABASE_URL });
    await pg.connect();
  }, 300_000);

  afterAll(async () => {
    for (const t of created) await admin(stack, 'DELETE', `/admin/tenants/${t}`).catch(() => undefined);
    await stack?.simulators.control('PUT', '/_control/retailer/tokens', { tokens: null }).catch(() => undefined);
    await stack?.stop();
    await temporal?.connection.close();
    await pg?.end();
  }, 60_000);

  const scheduleOf = (tenantId: string) =>
    temporal.schedule
      .getHandle(`catalog-sync-${tenantId}`)
      .describe()
      .then(
        () => 'exists' as const,
        (err: unknown) => {
          if (err instanceof ScheduleNotFoundError) return 'none' as const;
          throw err;
        },
      );

  it('rotating the retailer token is one call: the next order and the next catalog sync use the new one', async () => {
    const tenantId = uniqueTenantId('e2e-rot');
    created.push(tenantId);
    const { apiKey } = await createTenant(stack, tenantId);
    const auth = { authorization: `Bearer ${apiKey}` };
    // The first full sync (started by the connection event) has run with the old token.
    await waitFor(
      async () => (await json<{ items: unknown[] }>('GET', `${stack.gateway}/v1/products?q=cafe`, undefined, auth)).body.items,
      {
        until: (items) => Array.isArray(items) && items.length > 0,
        timeoutMs: 60_000,
        what: 'the first catalog sync',
      },
    );

    // The retailer issues a new token and stops accepting the old one; the operator makes one call.
    const rotated = `rotated-${randomUUID()}`;
    await stack.simulators.control('PUT', '/_control/retailer/tokens', { tokens: [rotated] });
    const put = await admin(stack, 'PUT', `/admin/tenants/${tenantId}/retailer`, {
      baseUrl: stack.simulators.retailer.baseUrl,
      token: rotated,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ kind: 'retailer', secretHints: { token: `…${rotated.slice(-4)}` } });

    const order = await json<{ id: string }>(
      'POST',
      `${stack.gateway}/v1/orders`,
      {
        externalId: `rot-${randomUUID().slice(0, 8)}`,
        customer: { name: 'Maria da Silva', document: '529.982.247-25' },
        items: [{ productId: '1001', quantity: 1, unitPriceCents: 2499 }],
      },
      auth,
    );
    const placed = await waitFor(
      async () => (await json<OrderView>('GET', `${stack.gateway}/v1/orders/${order.body.id}`, undefined, auth)).body,
      {
        until: (o) => o.status === 'REGISTERED' || o.status === 'FAILED',
        timeoutMs: 60_000,
        what: 'the order saga to end',
      },
    );
    expect(placed.status).toBe('REGISTERED');

    // The catalog worker still holds the old token in its cache: the retailer refuses it, the owner has a newer one.
    await stack.simulators.upsertRetailerProducts([{ id: '1003', priceCents: 2111 }]);
    const sync = await admin<{ workflowId: string }>(stack, 'POST', `/admin/tenants/${tenantId}/catalog/sync`, { mode: 'incremental' });
    expect(sync.status).toBe(202);
    const result = (await temporal.workflow.getHandle(sync.body.workflowId).result()) as { state: string; changed: number };
    // Done, and it read the retailer with the new token: the changed price is in the catalog (the sale above may
    // have changed a stock level too).
    expect(result.state).toBe('done');
    expect(result.changed).toBeGreaterThanOrEqual(1);
    const product = await json<{ externalId: string; priceCents: number }>('GET', `${stack.gateway}/v1/products/1003`, undefined, auth);
    expect({ externalId: product.body.externalId, priceCents: product.body.priceCents }).toEqual({ externalId: '1003', priceCents: 2111 });
  }, 240_000);

  it('a creation that fails half way (webhooks down) leaves nothing behind; the id is free again once webhooks is back', async () => {
    const tenantId = uniqueTenantId('e2e-half');
    created.push(tenantId);
    await stack.processes.get('webhooks')?.stop();
    let restarted = false;
    try {
      const res = await admin(stack, 'POST', '/admin/tenants', {
        id: tenantId,
        name: 'Half made',
        developmentMode: true,
        retailer: stack.simulators.retailer,
        webhooks: [{ url: `${stack.simulators.baseUrl}/chat/webhooks/${tenantId}` }],
      });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 503, code: 'tenant.provisioning-failed' });
      expect(JSON.stringify(res.body)).not.toContain('lh_');

      // orders had stored the retailer connection: gone again, at once.
      expect((await internal(stack, stack.ports.orders, 'GET', `/internal/tenants/${tenantId}/connections/retailer`)).status).toBe(404);
      // catalog-sync saw the connection appear and disappear: once it has processed both events, no schedule is left.
      const eventIds = (
        await pg.query<{ id: string }>(`SELECT id FROM orders.outbox WHERE tenant_id = $1 AND topic = $2`, [
          tenantId,
          Topics.connectionChanged,
        ])
      ).rows.map((r) => r.id);
      expect(eventIds).toHaveLength(2);
      await waitFor(
        async () =>
          (
            await pg.query(`SELECT 1 FROM catalog.processed_message WHERE consumer_group = 'catalog-sync-e2e' AND message_id = ANY($1)`, [
              eventIds,
            ])
          ).rowCount,
        { until: (n) => n === 2, timeoutMs: 30_000, what: 'catalog-sync to process both connection events' },
      );
      expect(await scheduleOf(tenantId)).toBe('none');
      // The tenant waits in `deleting` for webhooks to confirm; its id is taken meanwhile.
      expect((await admin(stack, 'GET', `/admin/tenants/${tenantId}`)).body).toMatchObject({ id: tenantId, status: 'deleting' });
      expect((await admin(stack, 'POST', '/admin/tenants', { id: tenantId, name: 'Again' })).body).toMatchObject({
        code: 'tenant.deleting',
      });

      await stack.restart('webhooks');
      restarted = true;
      await waitFor(async () => (await admin(stack, 'GET', `/admin/tenants/${tenantId}`)).status, {
        until: (s) => s === 404,
        timeoutMs: 60_000,
        what: 'the tenant to be gone once webhooks confirmed',
      });
      const left = await pg.query(
        `SELECT (SELECT count(*) FROM gateway.tenant WHERE id = $1)::int AS tenants,
                (SELECT count(*) FROM gateway.api_key WHERE tenant_id = $1)::int AS keys,
                (SELECT count(*) FROM orders.partner_connection WHERE tenant_id = $1)::int AS connections,
                (SELECT count(*) FROM webhooks.endpoint WHERE tenant_id = $1)::int AS endpoints,
                (SELECT count(*) FROM catalog.product WHERE tenant_id = $1)::int AS products`,
        [tenantId],
      );
      expect(left.rows).toEqual([{ tenants: 0, keys: 0, connections: 0, endpoints: 0, products: 0 }]);

      // The same request again now succeeds.
      const again = await createTenant(stack, tenantId);
      expect(again.apiKey).toMatch(/^lh_/);
    } finally {
      if (!restarted) await stack.restart('webhooks');
    }
  }, 240_000);

  it('deleting a tenant: its key stops at once, every service drops its data, the id is free afterwards', async () => {
    const tenantId = uniqueTenantId('e2e-del');
    const { apiKey } = await createTenant(stack, tenantId);
    await waitFor(() => scheduleOf(tenantId), { until: (s) => s === 'exists', timeoutMs: 30_000, what: 'the catalog schedule' });
    const del = await admin(stack, 'DELETE', `/admin/tenants/${tenantId}`);
    expect(del.status).toBe(202);
    expect((await json('GET', `${stack.gateway}/v1/products`, undefined, { authorization: `Bearer ${apiKey}` })).status).toBe(401);
    await waitFor(async () => (await admin(stack, 'GET', `/admin/tenants/${tenantId}`)).status, {
      until: (s) => s === 404,
      timeoutMs: 60_000,
      what: 'the tenant to be gone',
    });
    expect(await scheduleOf(tenantId)).toBe('none');
    const left = await pg.query(
      `SELECT (SELECT count(*) FROM orders.partner_connection WHERE tenant_id = $1)::int AS connections,
              (SELECT count(*) FROM webhooks.endpoint WHERE tenant_id = $1)::int AS endpoints,
              (SELECT count(*) FROM catalog.product WHERE tenant_id = $1)::int AS products,
              (SELECT count(*) FROM catalog.sync_state WHERE tenant_id = $1)::int AS states`,
      [tenantId],
    );
    expect(left.rows).toEqual([{ connections: 0, endpoints: 0, products: 0, states: 0 }]);
  }, 180_000);
});
