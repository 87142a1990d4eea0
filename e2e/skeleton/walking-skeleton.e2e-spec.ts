import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { repoRoot, sleep, testEnv, uniqueTenantId, waitFor } from '@looma-hub/testing';
import { Client, Connection } from '@temporalio/client';
import { ADMIN_KEY, createTenant, json, type RunningStack, startStack } from './stack';

interface OrderView {
  id: string;
  status: string;
  retailerSaleId: string | null;
  history: { status: string }[];
}
/** The body of the order webhooks the hub sends to the chat platform. */
interface OrderWebhook {
  type: string;
  data: { orderId: string; status: string; tenantId?: string };
}

function fuzzDir(): string {
  const dir = path.join(repoRoot, 'tmp', 'schemathesis');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

async function attemptsOf(handle: ReturnType<Client['workflow']['getHandle']>, activity: string): Promise<number> {
  const history = await handle.fetchHistory();
  const scheduled = new Set<string>();
  for (const e of history.events ?? []) {
    if (e.activityTaskScheduledEventAttributes?.activityType?.name === activity) scheduled.add(String(e.eventId));
  }
  let attempts = 0;
  for (const e of history.events ?? []) {
    const started = e.activityTaskStartedEventAttributes;
    if (started && scheduled.has(String(started.scheduledEventId))) attempts = Math.max(attempts, started.attempt ?? 0);
  }
  return attempts;
}

/**
 * The walking skeleton through every engine, every service as a real process, partners played by the
 * simulators: order → saga → retailer sale → outbox → Kafka → signed webhook; catalog pulled and searched.
 */
describe('walking skeleton (e2e)', () => {
  let stack: RunningStack;
  let temporal: Client;
  let tenantId: string;
  let apiKey: string;
  let endpointId: string;

  beforeAll(async () => {
    stack = await startStack();
    temporal = new Client({
      connection: await Connection.connect({ address: testEnv().TEMPORAL_ADDRESS }),
      namespace: testEnv().TEMPORAL_NAMESPACE,
    });
    tenantId = uniqueTenantId('e2e');
    ({ apiKey, endpointId } = await createTenant(stack, tenantId));
  }, 300_000);

  afterAll(async () => {
    // Leave nothing running on the shared Temporal: the tenant's catalog schedule and any open saga.
    if (temporal && tenantId) {
      await temporal.schedule
        .getHandle(`catalog-sync-${tenantId}`)
        .delete()
        .catch(() => undefined);
      for await (const wf of temporal.workflow.list({ query: `LoomaTenantId = '${tenantId}' AND ExecutionStatus = 'Running'` })) {
        await temporal.workflow
          .getHandle(wf.workflowId)
          .terminate('e2e cleanup')
          .catch(() => undefined);
      }
    }
    await stack?.simulators.control('DELETE', '/_control/faults').catch(() => undefined);
    await stack?.stop();
    await temporal?.connection.close();
  }, 60_000);

  const auth = () => ({ authorization: `Bearer ${apiKey}` });
  const newOrder = () => ({
    externalId: `chat-${randomUUID().slice(0, 12)}`,
    customer: { name: 'Maria da Silva', document: '529.982.247-25', phone: '(48) 99999-8888', email: 'maria@example.com' },
    items: [
      { productId: '1001', quantity: 2, unitPriceCents: 2499 },
      { productId: '1003', quantity: 1, unitPriceCents: 1699 },
    ],
  });

  const salesOf = async (orderId: string) => (await stack.simulators.retailerSales()).filter((s) => s.orderId === orderId);
  const deliveriesOf = async (orderId: string) =>
    (await stack.simulators.chatDeliveries<OrderWebhook>(endpointId)).filter((d) => d.body?.data?.orderId === orderId);
  const waitRegistered = (orderId: string, timeoutMs = 60_000) =>
    waitFor(async () => (await json<OrderView>('GET', `${stack.gateway}/v1/orders/${orderId}`, undefined, auth())).body, {
      until: (o) => o.status === 'REGISTERED',
      timeoutMs,
      what: `order ${orderId} to be REGISTERED`,
    });

  it('places an order: one sale in the retailer, one signed notification, status history, searchable saga', async () => {
    const placed = await json<{ id: string; workflowId: string; status: string }>('POST', `${stack.gateway}/v1/orders`, newOrder(), {
      ...auth(),
      'idempotency-key': randomUUID(),
    });
    expect(placed.status).toBe(202);
    const orderId = placed.body.id;

    const order = await waitRegistered(orderId);
    expect(order.history.map((h) => h.status)).toEqual(['RECEIVED', 'REGISTERED']);

    const sales = await salesOf(orderId);
    expect(sales).toHaveLength(1);
    expect(order.retailerSaleId).toBe(sales[0]?.saleId);

    await waitFor(() => deliveriesOf(orderId), { until: (d) => d.length >= 1, timeoutMs: 30_000, what: 'the webhook delivery' });
    await sleep(3_000); // anything duplicated would arrive by now
    const deliveries = await deliveriesOf(orderId);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.signatureValid).toBe(true);
    expect(deliveries[0]?.body.type).toBe('order.registered');
    expect(deliveries[0]?.body.data.status).toBe('REGISTERED');

    // Ops can find the saga by order id (and tenant) in the Temporal UI: the same visibility query.
    const found = await temporal.workflow.count(`LoomaOrderId = '${orderId}' AND LoomaTenantId = '${tenantId}'`);
    expect(found.count).toBe(1);
    const result = (await temporal.workflow.getHandle(placed.body.workflowId).result()) as { status: string };
    expect(result.status).toBe('REGISTERED');
  }, 120_000);

  it('searches the catalog that catalog-sync pulled from the retailer (accent-insensitive)', async () => {
    const found = await waitFor(
      async () =>
        (await json<{ items: { name: string; priceCents: number }[] }>('GET', `${stack.gateway}/v1/products?q=cafe`, undefined, auth()))
          .body,
      { until: (r) => (r.items?.length ?? 0) > 0, timeoutMs: 60_000, what: 'the catalog to be synced' },
    );
    expect(found.items[0]?.name).toMatch(/Café/);
    expect(Number.isInteger(found.items[0]?.priceCents)).toBe(true);
  }, 90_000);

  it('absorbs a lost answer: the retailer registered the sale, the reply never came, the retry gets the same sale', async () => {
    const fault = await json('POST', `${stack.simulators.baseUrl}/_control/faults`, {
      partner: 'retailer',
      method: 'POST',
      path: '/retailer/v1/sales',
      dropResponse: true,
      times: 1,
    });
    expect(fault.status).toBeLessThan(300);
    const placed = await json<{ id: string; workflowId: string }>('POST', `${stack.gateway}/v1/orders`, newOrder(), auth());
    const order = await waitRegistered(placed.body.id, 90_000);
    const sales = await salesOf(placed.body.id);
    expect(sales).toHaveLength(1);
    expect(sales[0]?.registrationCalls).toBe(2);
    expect(order.retailerSaleId).toBe(sales[0]?.saleId);
  }, 120_000);

  it('survives the orders worker being SIGKILLed mid-activity: the order completes with exactly one sale', async () => {
    // Slow the retailer so the registration is in flight when the worker dies.
    const fault = await json('POST', `${stack.simulators.baseUrl}/_control/faults`, {
      partner: 'retailer',
      method: 'POST',
      path: '/retailer/v1/sales',
      latencyMs: 4_000,
      times: 1,
    });
    expect(fault.status).toBeLessThan(300);
    const placed = await json<{ id: string; workflowId: string }>('POST', `${stack.gateway}/v1/orders`, newOrder(), auth());
    expect(placed.status).toBe(202);
    const orderId = placed.body.id;
    const handle = temporal.workflow.getHandle(placed.body.workflowId);
    await waitFor(async () => (await handle.describe()).raw.pendingActivities ?? [], {
      until: (acts) => acts.some((a) => a.activityType?.name === 'registerSaleInRetailer' && Number(a.state) === 2),
      timeoutMs: 30_000,
      intervalMs: 100,
      what: 'the registration activity to start',
    });

    await stack.processes.get('orders-worker')?.kill();
    await sleep(5_000); // the retailer finishes the (slow) registration the dead worker had sent
    await stack.restart('orders-worker');

    const order = await waitRegistered(orderId, 90_000);
    const sales = await salesOf(orderId);
    expect(sales).toHaveLength(1);
    expect(order.retailerSaleId).toBe(sales[0]?.saleId);
    // The registration really ran again after the crash (a second attempt in the workflow history).
    expect(await attemptsOf(handle, 'registerSaleInRetailer')).toBeGreaterThanOrEqual(2);
    await waitFor(() => deliveriesOf(orderId), { until: (d) => d.length >= 1, timeoutMs: 30_000, what: 'the webhook delivery' });
    await sleep(2_000);
    expect(await deliveriesOf(orderId)).toHaveLength(1);
  }, 180_000);

  it('fuzzing the public API from its OpenAPI (schemathesis) finds no 5xx and no answer outside the documented ones', () => {
    const seed = process.env.LOOMA_FUZZ_SEED ?? '20261123';
    const run = spawnSync(
      testEnv().SCHEMATHESIS,
      [
        'run',
        `${stack.gateway}/docs/openapi.json`,
        '--header',
        `Authorization: Bearer ${apiKey}`,
        '--include-path-regex',
        '^/v1/',
        '--checks',
        'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance',
        '--max-examples',
        '25',
        '--seed',
        seed,
        '--request-timeout',
        '15',
        '--no-color',
      ],
      // Its working files (.schemathesis/) go under tmp/, not the repository root.
      { encoding: 'utf8', timeout: 240_000, cwd: fuzzDir(), env: { ...process.env, SCHEMATHESIS_HOOKS: '' } },
    );
    const out = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    if (run.status !== 0) throw new Error(`schemathesis found problems (seed ${seed}):\n${out.slice(-6000)}`);
    expect(out).toMatch(/\d+ generated, \d+ passed/);
  }, 300_000);

  it('writes no full CPF, API key or webhook secret to any hub log, whatever happened above', async () => {
    // Provoke the paths that log the most: a rejected order (activity failure, compensation) and bad input.
    const rejected = await json<{ id: string }>(
      'POST',
      `${stack.gateway}/v1/orders`,
      { ...newOrder(), items: [{ productId: 'no-such-product', quantity: 1, unitPriceCents: 100 }] },
      auth(),
    );
    await waitFor(async () => (await json<OrderView>('GET', `${stack.gateway}/v1/orders/${rejected.body.id}`, undefined, auth())).body, {
      until: (o) => o.status === 'FAILED',
      timeoutMs: 60_000,
      what: 'the rejected order to fail',
    });
    await json('POST', `${stack.gateway}/v1/orders`, { ...newOrder(), customer: { name: 'X', document: '529.982.247-26' } }, auth());
    const secrets = [apiKey, '52998224725', '529.982.247-25', '529.982.247-26', ADMIN_KEY];
    let masked = 0;
    for (const [name, proc] of stack.processes) {
      if (name === 'simulators') continue; // the partners' stand-ins legitimately see customer documents
      const logs = proc.logs();
      expect(logs.length).toBeGreaterThan(0);
      masked += (logs.match(/\*\*\*\.982\.247-\*\*|lh_\[redacted\]/g) ?? []).length;
      for (const secret of secrets) {
        if (logs.includes(secret)) throw new Error(`${name} logged a secret or full CPF (${secret.slice(0, 6)}…)`);
      }
    }
    // The orders worker logged the customer (at debug level): the masked form must be there, never the raw one.
    expect(masked).toBeGreaterThan(0);
  }, 120_000);
});
