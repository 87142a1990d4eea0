import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { waitFor } from '@looma-hub/testing';
import { startSim, type Sim } from './support';

const retailer = { authorization: 'Bearer retailer-demo-token' };
const repoRoot = path.resolve(__dirname, '../..');

describe('control API, health and fault injection', () => {
  let sim: Sim;
  let nextRandom = 0;
  beforeAll(async () => {
    sim = await startSim({ random: () => nextRandom, config: { faults: { timeoutCapMs: 1500 } } });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    nextRandom = 0;
    await sim.control('POST', '/reset');
  });

  it('reports liveness and readiness', async () => {
    expect((await sim.call('GET', '/health/live')).body).toEqual({ status: 'ok' });
    expect((await sim.call<{ partners: string[] }>('GET', '/health/ready')).body.partners).toEqual([
      'retailer',
      'credit',
      'loyalty',
      'b2b',
      'chat',
    ]);
  });

  it('injects a 503 on matching routes, in each partner’s own error shape, for `times` requests', async () => {
    const fault = await sim.control<{ id: string; status: number }>('POST', '/faults', {
      partner: 'retailer',
      method: 'GET',
      path: '/retailer/v1/products',
      times: 2,
    });
    expect(fault.status).toBe(201);
    expect(fault.body.status).toBe(503);
    const first = await sim.call<{ error: { code: string } }>('GET', '/retailer/v1/products', { headers: retailer });
    expect(first.status).toBe(503);
    expect(first.body.error.code).toBe('service_unavailable');
    expect(first.headers.get('x-simulator-fault')).toBe(fault.body.id);
    expect((await sim.call('GET', '/retailer/v1/discount-rules', { headers: retailer })).status).toBe(200);
    expect((await sim.call('GET', '/retailer/v1/products', { headers: retailer })).status).toBe(503);
    expect((await sim.call('GET', '/retailer/v1/products', { headers: retailer })).status).toBe(200);
    const listed = await sim.control<{ items: { id: string; applied: number; remaining: number }[] }>('GET', '/faults');
    expect(listed.body.items[0]).toMatchObject({ id: fault.body.id, applied: 2, remaining: 0 });

    await sim.control('POST', '/faults', { partner: 'loyalty', path: '/loyalty/api/Integracao/*', status: 500 });
    const loyalty = await sim.call<{ CodigoResposta: number }>('POST', '/loyalty/api/Integracao/ConsultaConsumidor', {
      body: {},
    });
    expect(loyalty.status).toBe(500);
    expect(loyalty.body.CodigoResposta).toBe(199);
    await sim.control('POST', '/faults', {
      path: '^/b2b/carrinhos$',
      status: 429,
      body: { error: { id: 'erro.limite', data: {} } },
    });
    const b2b = await sim.call('GET', '/b2b/carrinhos');
    expect(b2b).toMatchObject({ status: 429, body: { error: { id: 'erro.limite', data: {} } } });
    // The control API itself is never faulted.
    await sim.control('POST', '/faults', { path: '**' });
    expect((await sim.control('GET', '/faults')).status).toBe(200);
    expect((await sim.call('GET', '/health/live')).status).toBe(200);
  });

  it('applies the error rate per request', async () => {
    await sim.control('POST', '/faults', { partner: 'credit', errorRate: 0.3 });
    nextRandom = 0.5;
    expect(
      (
        await sim.call('GET', '/credit/v1/loja/441/planospagamento', {
          headers: { authorization: 'Bearer credit-demo-token' },
        })
      ).status,
    ).toBe(200);
    nextRandom = 0.1;
    expect(
      (
        await sim.call('GET', '/credit/v1/loja/441/planospagamento', {
          headers: { authorization: 'Bearer credit-demo-token' },
        })
      ).status,
    ).toBe(503);
    const [rule] = (await sim.control<{ items: { matched: number; applied: number }[] }>('GET', '/faults')).body.items;
    expect(rule).toMatchObject({ matched: 2, applied: 1 });
  });

  it('adds latency and still answers when the fault has only latencyMs', async () => {
    await sim.control('POST', '/faults', { partner: 'retailer', path: '/retailer/v1/discount-rules', latencyMs: 300 });
    const started = Date.now();
    const res = await sim.call('GET', '/retailer/v1/discount-rules', { headers: retailer });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('holds timed-out requests until the client gives up, then drops them at the cap', async () => {
    await sim.control('POST', '/faults', {
      partner: 'retailer',
      path: '/retailer/v1/sales',
      method: 'POST',
      timeout: true,
    });
    const aborted = fetch(`${sim.baseUrl}/retailer/v1/sales`, {
      method: 'POST',
      headers: retailer,
      signal: AbortSignal.timeout(300),
    });
    await expect(aborted).rejects.toThrow();
    // Other routes keep working meanwhile.
    expect((await sim.call('GET', '/retailer/v1/products?limit=1', { headers: retailer })).status).toBe(200);
    const started = Date.now();
    const dropped = fetch(`${sim.baseUrl}/retailer/v1/sales`, { method: 'POST', headers: retailer });
    await expect(dropped).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  });

  it('validates fault rules and deletes them one by one or all at once', async () => {
    const bad = await sim.control<{ error: { field: string } }>('POST', '/faults', { errorRate: 1.5 });
    expect(bad.status).toBe(422);
    expect(bad.body.error.field).toBe('errorRate');
    expect((await sim.control('POST', '/faults', { latencyMs: 999_999 })).status).toBe(422);
    expect((await sim.control('POST', '/faults', { partner: 'erp' })).status).toBe(422);
    const a = await sim.control<{ id: string }>('POST', '/faults', { partner: 'chat' });
    await sim.control('POST', '/faults', { partner: 'b2b' });
    expect((await sim.control('DELETE', `/faults/${a.body.id}`)).body).toEqual({ deleted: 1 });
    expect((await sim.control('DELETE', `/faults/${a.body.id}`)).status).toBe(404);
    expect((await sim.control('DELETE', '/faults')).body).toEqual({ deleted: 1 });
  });

  it('resets one partner or all of them', async () => {
    const sale = {
      orderId: 'order-reset',
      customer: { name: 'Maria', document: '52998224725' },
      items: [{ productId: '1002', quantity: 1, unitPriceCents: 899 }],
      totalCents: 899,
    };
    await sim.call('POST', '/retailer/v1/sales', { headers: retailer, body: sale });
    await sim.call('POST', '/chat/webhooks/ep', { raw: '{}', headers: { 'content-type': 'application/json' } });
    expect((await sim.control('POST', '/retailer/reset')).body).toEqual({ reset: ['retailer'] });
    expect((await sim.control<{ items: unknown[] }>('GET', '/retailer/sales')).body.items).toHaveLength(0);
    expect((await sim.control<{ items: unknown[] }>('GET', '/chat/deliveries')).body.items).toHaveLength(1);
    expect((await sim.control('POST', '/nope/reset')).status).toBe(404);
    await sim.control('POST', '/faults', { partner: 'chat' });
    const all = await sim.control<{ reset: string[]; faultsDeleted: number }>('POST', '/reset');
    expect(all.body.faultsDeleted).toBe(1);
    expect((await sim.control<{ items: unknown[] }>('GET', '/chat/deliveries')).body.items).toHaveLength(0);
  });

  it('moves the simulated clock', async () => {
    const moved = await sim.control<{ offsetMs: number; now: string }>('POST', '/clock', { advanceMs: 3_600_000 });
    expect(moved.body.offsetMs).toBe(3_600_000);
    expect(Date.parse(moved.body.now) - Date.now()).toBeGreaterThan(3_500_000);
    expect((await sim.control('POST', '/clock', { advanceMs: 'soon' })).status).toBe(422);
  });

  it('answers malformed JSON and unknown routes in the partner’s shape', async () => {
    const malformed = await sim.call<{ error: { code: string; field: null } }>('POST', '/retailer/v1/sales', {
      raw: '{"orderId": ',
      headers: { ...retailer, 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'bad_request', field: null });
    const unknownB2b = await sim.call<{ error: { id: string } }>('GET', '/b2b/pedidos');
    expect(unknownB2b.status).toBe(404);
    expect(unknownB2b.body.error.id).toBe('erro.not_found');
    const unknownCredit = await sim.call<{ status: number; codigo: string }>('GET', '/credit/v1/nada');
    expect(unknownCredit.body).toMatchObject({ status: 404, codigo: 'NOT_FOUND' });
  });

  it('refuses to start with a bad variable, naming it', () => {
    const run = spawnSync(process.execPath, ['-r', './scripts/register.cjs', 'simulators/src/main.ts'], {
      cwd: repoRoot,
      env: { ...process.env, SIMULATORS_PORT: 'not-a-port', SIMULATORS_HOST: '0.0.0.0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('SIMULATORS_PORT');
    expect(run.stderr).toContain('SIMULATORS_HOST: must be a loopback address');
  });

  it('dropResponse: the retailer registers the sale but the answer is lost; a retry gets the same sale', async () => {
    await sim.control('POST', '/faults', { partner: 'retailer', method: 'POST', path: '/retailer/v1/sales', dropResponse: true, times: 1 });
    const sale = {
      orderId: 'drop-1',
      customer: { name: 'Maria', document: '52998224725' },
      items: [{ productId: '1001', quantity: 1, unitPriceCents: 2499 }],
      totalCents: 2499,
    };
    await expect(sim.call('POST', '/retailer/v1/sales', { body: sale, headers: retailer })).rejects.toThrow();
    const retry = await sim.call<{ saleId: string }>('POST', '/retailer/v1/sales', { body: sale, headers: retailer });
    expect(retry.status).toBe(200);
    const sales = await sim.control<{ items: { orderId: string; registrationCalls: number }[] }>('GET', '/retailer/sales');
    const mine = sales.body.items.filter((x) => x.orderId === 'drop-1');
    expect(mine).toHaveLength(1);
    expect(mine[0]?.registrationCalls).toBe(2);
  });

  it('answerDelayMs: the retailer registers the sale at once and holds the answer; the sale exists before the caller hears back', async () => {
    await sim.control('POST', '/faults', {
      partner: 'retailer',
      method: 'POST',
      path: '/retailer/v1/sales',
      answerDelayMs: 1_500,
      times: 1,
    });
    const sale = {
      orderId: 'late-answer-1',
      customer: { name: 'Maria', document: '52998224725' },
      items: [{ productId: '1001', quantity: 1, unitPriceCents: 2499 }],
      totalCents: 2499,
    };
    const answered = sim.call<{ saleId: string }>('POST', '/retailer/v1/sales', { body: sale, headers: retailer });
    let heard = false;
    void answered.then(() => (heard = true));
    const registered = await waitFor(
      async () =>
        (await sim.control<{ items: { orderId: string }[] }>('GET', '/retailer/sales')).body.items.filter(
          (x) => x.orderId === 'late-answer-1',
        ),
      { until: (mine) => mine.length === 1, timeoutMs: 5_000, intervalMs: 50, what: 'the sale to be registered' },
    );
    expect(registered).toHaveLength(1);
    expect(heard).toBe(false);
    expect((await answered).status).toBe(201);
  });

  it('cancels a sale by the hub order id (its sale id may never have reached the hub), idempotently; 404 when none', async () => {
    const sale = {
      orderId: 'by-order-1',
      customer: { name: 'Maria', document: '52998224725' },
      items: [{ productId: '1001', quantity: 1, unitPriceCents: 2499 }],
      totalCents: 2499,
    };
    await sim.call('POST', '/retailer/v1/sales', { body: sale, headers: retailer });
    const first = await sim.call<{ status: string }>('POST', '/retailer/v1/sales/by-order/by-order-1/cancel', {
      body: { reason: 'x' },
      headers: retailer,
    });
    const again = await sim.call<{ status: string }>('POST', '/retailer/v1/sales/by-order/by-order-1/cancel', {
      body: { reason: 'x' },
      headers: retailer,
    });
    expect([first.status, first.body.status]).toEqual([200, 'cancelled']);
    expect([again.status, again.body.status]).toEqual([200, 'cancelled']);
    const none = await sim.call('POST', '/retailer/v1/sales/by-order/never-registered/cancel', { body: {}, headers: retailer });
    expect(none.status).toBe(404);
  });
});
