import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { RETAILER_DEMO_TOKEN, repoRoot, retailerInboundUrl, testEnv, uniqueTenantId, waitFor } from '@looma-hub/testing';
import { Webhook } from 'standardwebhooks';
import { Client, Connection } from '@temporalio/client';
import { ADMIN_KEY, admin, createTenant, type DeliveryView, INTERNAL_TOKEN, json, type RunningStack, startStack } from './stack';

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
  let webhookSecret: string;
  /** The retailer source's secret (set by the inbound test; on the log-scan list). */
  let inboundSecret = '';

  beforeAll(async () => {
    stack = await startStack();
    temporal = new Client({
      connection: await Connection.connect({ address: testEnv().TEMPORAL_ADDRESS }),
      namespace: testEnv().TEMPORAL_NAMESPACE,
    });
    tenantId = uniqueTenantId('e2e');
    ({ apiKey, endpointId, webhookSecret } = await createTenant(stack, tenantId));
  }, 300_000);

  afterAll(async () => {
    // The tenant goes the way an operator removes one: its schedule, sagas and rows in every service.
    if (stack && tenantId) await admin(stack, 'DELETE', `/admin/tenants/${tenantId}`).catch(() => undefined);
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
  /**
   * The order's webhook deliveries as the webhooks service records them, once none is pending: each attempt is
   * logged, so `attempts: 1` and `delivered` mean exactly one POST reached the chat platform and none will follow.
   */
  const settledDeliveries = (orderId: string) =>
    waitFor(
      async () =>
        (await admin<{ items: DeliveryView[] }>(stack, 'GET', `/admin/tenants/${tenantId}/webhooks/deliveries?subject=${orderId}`)).body
          .items,
      {
        until: (items) => items.length > 0 && items.every((d) => d.status === 'delivered' && d.nextAttemptAt === null),
        timeoutMs: 30_000,
        what: `the webhook deliveries of ${orderId} to settle`,
      },
    );
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

    const recorded = await settledDeliveries(orderId);
    expect(recorded.map((d) => [d.eventType, d.status, d.attempts])).toEqual([['order.registered', 'delivered', 1]]);
    const deliveries = await deliveriesOf(orderId);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.signatureValid).toBe(true);
    expect(deliveries[0]?.body.type).toBe('order.registered');
    expect(deliveries[0]?.body.data.status).toBe('REGISTERED');
    expect(deliveries[0]?.webhookId).toBe(recorded[0]?.id);

    // Ops can find the saga by order id (and tenant) in the Temporal UI: the same visibility query.
    const found = await temporal.workflow.count(`LoomaOrderId = '${orderId}' AND LoomaTenantId = '${tenantId}'`);
    expect(found.count).toBe(1);
    const result = (await temporal.workflow.getHandle(placed.body.workflowId).result()) as { status: string };
    expect(result.status).toBe('REGISTERED');
  }, 120_000);

  it('the retailer completes the sale: its signed webhook through POST /v1/inbound reaches the order (COMPLETED) and the chat platform', async () => {
    // The tenant's retailer source (a generated Standard Webhooks secret), and the retailer pointed at the gateway.
    const source = await admin<{ scheme: string; topic: string; secret: string }>(
      stack,
      'PUT',
      `/admin/tenants/${tenantId}/inbound-sources/retailer`,
      {},
    );
    expect(source.status).toBe(200);
    expect(source.body).toMatchObject({
      scheme: 'standard-webhooks',
      topic: 'hub.inbound.retailer.v1',
      secret: expect.stringMatching(/^whsec_/),
    });
    inboundSecret = source.body.secret;
    const listed = await admin<{ source: string }[]>(stack, 'GET', `/admin/tenants/${tenantId}/inbound-sources`);
    expect(listed.body.map((s) => s.source)).toEqual(['retailer']);
    expect(JSON.stringify(listed.body)).not.toContain(inboundSecret);
    await stack.simulators.control('PUT', '/_control/retailer/webhook', {
      url: retailerInboundUrl(stack.gateway, tenantId),
      secret: inboundSecret,
      tenantId,
    });

    const placed = await json<{ id: string }>('POST', `${stack.gateway}/v1/orders`, newOrder(), {
      ...auth(),
      'idempotency-key': randomUUID(),
    });
    expect(placed.status).toBe(202);
    const orderId = placed.body.id;
    const registered = await waitRegistered(orderId);
    const saleId = registered.retailerSaleId;
    expect(saleId).toEqual(expect.any(String));

    // A forged push (another secret) is refused at the edge and changes nothing.
    const forgedBody = JSON.stringify({
      type: 'sale.cancelled',
      timestamp: new Date().toISOString(),
      data: { saleId, orderId, status: 'cancelled', occurredAt: new Date().toISOString() },
    });
    const forgedAt = new Date();
    const forged = await fetch(retailerInboundUrl(stack.gateway, tenantId), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(Math.floor(forgedAt.getTime() / 1000)),
        'webhook-signature': new Webhook(`whsec_${Buffer.from('not-the-tenant-secret-0123456789').toString('base64')}`).sign(
          'msg_forged',
          forgedAt,
          forgedBody,
        ),
      },
      body: forgedBody,
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { code: string }).code).toBe('webhook.signature-invalid');

    // The retailer completes the sale on its side and pushes the signed webhook: the gateway answers 202 once it is on Kafka.
    const pushed = await stack.simulators.control<{ webhook: { ok: boolean; status: number; url: string } }>(
      'POST',
      `/_control/retailer/sales/${saleId}/status`,
      { status: 'completed' },
    );
    expect(pushed.webhook).toMatchObject({ ok: true, status: 202, url: retailerInboundUrl(stack.gateway, tenantId) });
    const completed = await waitFor(
      async () => (await json<OrderView>('GET', `${stack.gateway}/v1/orders/${orderId}`, undefined, auth())).body,
      {
        until: (o) => o.status === 'COMPLETED',
        timeoutMs: 30_000,
        what: `order ${orderId} to be COMPLETED`,
      },
    );
    expect(completed.history.map((h) => h.status)).toEqual(['RECEIVED', 'REGISTERED', 'COMPLETED']);
    // The chat platform hears of it like of every status change: a signed order.completed.
    const told = await waitFor(() => deliveriesOf(orderId), {
      until: (ds) => ds.some((d) => d.body?.type === 'order.completed'),
      timeoutMs: 30_000,
      what: `order.completed delivered for ${orderId}`,
    });
    expect(told.filter((d) => d.body?.type === 'order.completed').map((d) => [d.signatureValid, d.body.data.status])).toEqual([
      [true, 'COMPLETED'],
    ]);

    // The retailer pushing again (a new webhook id, the same sale) is accepted and changes nothing; a marker order's
    // sale completed after it shows the consumer is past it.
    const again = await stack.simulators.control<{ webhook: { status: number } }>('POST', `/_control/retailer/sales/${saleId}/status`, {
      status: 'completed',
    });
    expect(again.webhook.status).toBe(202);
    const marker = await json<{ id: string }>('POST', `${stack.gateway}/v1/orders`, newOrder(), {
      ...auth(),
      'idempotency-key': randomUUID(),
    });
    const markerSale = (await waitRegistered(marker.body.id)).retailerSaleId;
    await stack.simulators.control('POST', `/_control/retailer/sales/${markerSale}/status`, { status: 'completed' });
    await waitFor(async () => (await json<OrderView>('GET', `${stack.gateway}/v1/orders/${marker.body.id}`, undefined, auth())).body, {
      until: (o) => o.status === 'COMPLETED',
      timeoutMs: 30_000,
      what: 'the marker order to be COMPLETED',
    });
    const after = (await json<OrderView>('GET', `${stack.gateway}/v1/orders/${orderId}`, undefined, auth())).body;
    expect(after.history.map((h) => h.status)).toEqual(['RECEIVED', 'REGISTERED', 'COMPLETED']);
  }, 180_000);

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

  it('survives the orders worker being SIGKILLed after the retailer committed the sale, before its answer: exactly one sale', async () => {
    // The retailer registers the sale at once and holds its answer: the worker dies with the sale already made.
    const fault = await json('POST', `${stack.simulators.baseUrl}/_control/faults`, {
      partner: 'retailer',
      method: 'POST',
      path: '/retailer/v1/sales',
      answerDelayMs: 20_000,
      times: 1,
    });
    expect(fault.status).toBeLessThan(300);
    const placed = await json<{ id: string; workflowId: string }>('POST', `${stack.gateway}/v1/orders`, newOrder(), auth());
    expect(placed.status).toBe(202);
    const orderId = placed.body.id;
    const handle = temporal.workflow.getHandle(placed.body.workflowId);
    const committed = await waitFor(() => salesOf(orderId), {
      until: (s) => s.length === 1,
      timeoutMs: 30_000,
      intervalMs: 100,
      what: 'the retailer to commit the sale',
    });
    expect(committed[0]?.registrationCalls).toBe(1);

    await stack.processes.get('orders-worker')?.kill();
    await stack.restart('orders-worker');

    const order = await waitRegistered(orderId, 90_000);
    const sales = await salesOf(orderId);
    // The retry reached the retailer (a second registration call) and found the sale it had made: one sale.
    expect(sales.map((x) => ({ saleId: x.saleId, registrationCalls: x.registrationCalls }))).toEqual([
      { saleId: committed[0]!.saleId, registrationCalls: 2 },
    ]);
    expect(order.retailerSaleId).toBe(committed[0]?.saleId);
    expect(await attemptsOf(handle, 'registerSaleInRetailer')).toBe(2);
    const recorded = await settledDeliveries(orderId);
    expect(recorded.map((d) => [d.eventType, d.attempts])).toEqual([['order.registered', 1]]);
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

  it('bodies no generator makes — 5,000 levels deep, 4,000 keys wide, numbers beyond a double — get a 4xx problem on every POST route', async () => {
    const doc = (await json<{ paths: Record<string, Record<string, unknown>> }>('GET', `${stack.gateway}/docs/openapi.json`)).body;
    const posts = Object.entries(doc.paths)
      .filter(([p, methods]) => p.startsWith('/v1/') && 'post' in methods)
      .map(([p]) => p.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'));
    expect(posts.length).toBeGreaterThanOrEqual(1);
    const bodies = {
      deep: `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
      wide: JSON.stringify(Object.fromEntries(Array.from({ length: 4_000 }, (_, i) => [`k${i}`, i]))),
      huge: `{"externalId":"x","items":[{"productId":"1","quantity":1e400,"unitPriceCents":123456789012345678901234567890}]}`,
    };
    for (const route of posts) {
      for (const [kind, raw] of Object.entries(bodies)) {
        const res = await fetch(`${stack.gateway}${route}`, {
          method: 'POST',
          headers: { ...auth(), 'content-type': 'application/json', 'idempotency-key': `edge-${kind}-${Date.now()}` },
          body: raw,
          signal: AbortSignal.timeout(20_000),
        });
        expect({
          route,
          kind,
          status: res.status >= 400 && res.status < 500,
          type: res.headers.get('content-type')?.split(';')[0],
        }).toEqual({
          route,
          kind,
          status: true,
          type: 'application/problem+json',
        });
      }
    }
  }, 60_000);

  it('every service answers for its parked outbox rows, and a healthy run parked none', async () => {
    const parked = await admin<{ service: string; total?: number; error?: string }[]>(stack, 'GET', '/admin/outbox/parked');
    expect(parked.status).toBe(200);
    expect(parked.body.map((p) => [p.service, p.total ?? p.error])).toEqual([
      ['orders', 0],
      ['catalog-sync', 0],
      ['webhooks', 0],
      ['pricing-rules', 0],
      ['loyalty', 0],
    ]);
  });

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
    // Every secret this run created or used: API and admin keys, the webhook signing secret, the retailer's token,
    // the internal token, and the customers' CPFs in both spellings.
    const secrets = [
      apiKey,
      ADMIN_KEY,
      webhookSecret,
      webhookSecret.slice('whsec_'.length),
      ...(inboundSecret ? [inboundSecret, inboundSecret.slice('whsec_'.length)] : []),
      RETAILER_DEMO_TOKEN,
      INTERNAL_TOKEN,
      '52998224725',
      '529.982.247-25',
      '529.982.247-26',
    ];
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
