import { randomUUID } from 'node:crypto';
import { RetailerPricingRuleSchema } from '@looma-hub/contracts';
import { toActivityFailure } from '@looma-hub/platform';
import { type RunningSimulators, startSimulators } from '@looma-hub/testing';
import type { ApplicationFailure } from '@temporalio/common';
import { PartnerError } from '../src/http/partner-http';
import { RetailerClient } from '../src/retailer/retailer.client';

jest.setTimeout(60_000);

/**
 * The retailer client against the retailer simulator over real HTTP: what it answers on success, and how each kind
 * of failure is classified — the one thing a saga needs from it (retry an outage, stop on a business answer).
 */
describe('RetailerClient (against the retailer simulator)', () => {
  let sim: RunningSimulators;
  let client: RetailerClient;

  beforeAll(async () => {
    sim = await startSimulators();
    client = new RetailerClient({ ...sim.retailer, timeoutMs: 1_000 });
  });

  afterAll(async () => {
    await sim?.stop();
  });

  afterEach(async () => {
    await sim.control('DELETE', '/_control/faults');
  });

  const sale = (orderId = randomUUID()) => ({
    orderId,
    customer: { name: 'Maria da Silva', document: '52998224725' },
    items: [{ productId: '1001', quantity: 1, unitPriceCents: 2499 }],
    totalCents: 2499,
  });

  /** What the saga sees of a failure: through the workers' one failure mapper. */
  const asWorkflowSees = (err: unknown) => {
    const f = toActivityFailure(err) as ApplicationFailure;
    return { type: f.type, nonRetryable: f.nonRetryable };
  };

  async function failure(call: Promise<unknown>): Promise<PartnerError> {
    const err = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PartnerError);
    return err as PartnerError;
  }

  it('2xx: pages the catalog by cursor and registers a sale, the same sale again for the same order', async () => {
    const first = await client.listProducts({ limit: 5 });
    expect(first.items).toHaveLength(5);
    expect(typeof first.nextCursor).toBe('string');
    const second = await client.listProducts({ limit: 5, cursor: first.nextCursor });
    const ids = (items: unknown[]) => items.map((p) => (p as { id: string }).id);
    expect(ids(second.items)).not.toEqual(ids(first.items));

    const body = sale();
    const registered = await client.registerSale(body);
    expect(registered.saleId).toMatch(/\S/);
    expect((await client.registerSale(body)).saleId).toBe(registered.saleId);
  });

  describe('discount rules and eligibility', () => {
    afterEach(async () => {
      await sim.control('POST', '/_control/retailer/reset');
    });

    async function walk(updatedSince?: string, limit = 7): Promise<{ ids: string[]; pages: number }> {
      const ids: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<RetailerClient['listPricingRules']>> = await client.listPricingRules({
          cursor,
          limit,
          updatedSince,
        });
        ids.push(...page.items.map((r) => RetailerPricingRuleSchema.parse(r).id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== null && pages < 1_000);
      return { ids, pages };
    }

    it('2xx: pages the rules by cursor, each exactly once, and updatedSince gives only what changed', async () => {
      const generated = await sim.control<{ generated: number }>('POST', '/_control/retailer/discount-rules/generate', {
        count: 180,
        seed: 4,
      });
      const all = (await client.listPricingRules({ limit: 1_000 })).items.map((r) => RetailerPricingRuleSchema.parse(r).id);
      expect(all.length).toBe(22 + generated.generated);
      const walked = await walk();
      expect(walked.ids).toEqual(all);
      expect(walked.pages).toBe(Math.ceil(all.length / 7));

      const { items } = await sim.control<{ items: { id: string; updatedAt: string }[] }>('POST', '/_control/retailer/discount-rules', {
        items: [{ id: 'promo-nova', name: 'Nova', kind: 'promotion', action: { type: 'free-shipping' } }],
      });
      const removed = await sim.control<{ items: { updatedAt: string }[] }>('POST', '/_control/retailer/discount-rules/removals', {
        ids: ['cupom-bemvindo10'],
      });
      expect((await walk(items[0]?.updatedAt, 1)).ids).toEqual(['promo-nova', 'cupom-bemvindo10']);
      const deleted = await client.listPricingRules({ updatedSince: removed.items[0]?.updatedAt ?? null });
      expect(deleted.items).toEqual([expect.objectContaining({ id: 'cupom-bemvindo10', enabled: false })]);
    });

    it('2xx: eligibility of a gold customer and of one the retailer does not know', async () => {
      expect(await client.eligibility({ document: '529.982.247-25' })).toEqual({
        eligible: true,
        registered: true,
        tier: 'gold',
        segments: [],
        reasons: ['loyalty_member', 'tier_gold'],
      });
      expect(await client.eligibility({ phone: '+5511933334444' })).toMatchObject({ registered: true, tier: 'bronze', segments: ['b2b'] });
      expect(await client.eligibility({ document: '04252011000110' })).toEqual({
        eligible: false,
        registered: false,
        tier: null,
        segments: [],
        reasons: ['customer_not_found'],
      });
    });

    it('4xx: a bad document or cursor is `retailer.rejected`, not retried', async () => {
      const badDocument = await failure(client.eligibility({ document: '123.456.789-00' }));
      expect({ code: badDocument.code, status: badDocument.status, retryable: badDocument.retryable }).toEqual({
        code: 'retailer.rejected',
        status: 422,
        retryable: false,
      });
      expect(asWorkflowSees(badDocument)).toEqual({ type: 'retailer.rejected', nonRetryable: true });
      const badCursor = await failure(client.listPricingRules({ cursor: 'not-a-cursor' }));
      expect({ code: badCursor.code, status: badCursor.status, retryable: badCursor.retryable }).toEqual({
        code: 'retailer.rejected',
        status: 422,
        retryable: false,
      });
    });

    it('a 2xx outside the contract is `retailer.contract-violated`, not retried; one bad rule does not break its page', async () => {
      await sim.control('POST', '/_control/faults', {
        partner: 'retailer',
        path: '/retailer/v1/discount-rules',
        status: 200,
        body: { rules: [] },
        times: 1,
      });
      const odd = await failure(client.listPricingRules({}));
      expect({ code: odd.code, retryable: odd.retryable }).toEqual({ code: 'retailer.contract-violated', retryable: false });

      await sim.control('POST', '/_control/faults', {
        partner: 'retailer',
        path: '/retailer/v1/discount-rules',
        status: 200,
        body: { items: [{ id: 'sem-acao', name: 'Sem ação', kind: 'promotion' }], nextCursor: null },
        times: 1,
      });
      expect(await client.listPricingRules({})).toEqual({
        items: [{ id: 'sem-acao', name: 'Sem ação', kind: 'promotion' }],
        nextCursor: null,
      });

      await sim.control('POST', '/_control/faults', {
        partner: 'retailer',
        path: '/retailer/v1/customers/eligibility',
        status: 200,
        body: { eligible: true, tier: 'gold', reasons: [] },
        times: 1,
      });
      const noSegments = await failure(client.eligibility({ document: '52998224725' }));
      expect({ code: noSegments.code, retryable: noSegments.retryable }).toEqual({ code: 'retailer.contract-violated', retryable: false });
      expect(asWorkflowSees(noSegments)).toEqual({ type: 'retailer.contract-violated', nonRetryable: true });
    });
  });

  it('4xx: a business refusal is `retailer.rejected`, not retried', async () => {
    const refused = await failure(
      client.registerSale({ ...sale(), items: [{ productId: 'no-such-product', quantity: 1, unitPriceCents: 100 }] }),
    );
    expect({ code: refused.code, status: refused.status, retryable: refused.retryable }).toEqual({
      code: 'retailer.rejected',
      status: 422,
      retryable: false,
    });
    expect(asWorkflowSees(refused)).toEqual({ type: 'retailer.rejected', nonRetryable: true });

    const badToken = await failure(new RetailerClient({ baseUrl: sim.retailer.baseUrl, token: 'wrong-token-000' }).listProducts({}));
    expect({ code: badToken.code, status: badToken.status }).toEqual({ code: 'retailer.rejected', status: 401 });
  });

  it('5xx and 429: an outage is `retailer.unavailable`, retried', async () => {
    for (const status of [500, 503, 429]) {
      await sim.control('POST', '/_control/faults', { partner: 'retailer', path: '/retailer/v1/products', status, times: 1 });
      const down = await failure(client.listProducts({}));
      expect({ code: down.code, status: down.status, retryable: down.retryable }).toEqual({
        code: 'retailer.unavailable',
        status,
        retryable: true,
      });
      expect(asWorkflowSees(down)).toEqual({ type: 'retailer.unavailable', nonRetryable: false });
    }
  });

  it('no answer in time and a refused connection are `retailer.unavailable`, retried', async () => {
    await sim.control('POST', '/_control/faults', { partner: 'retailer', path: '/retailer/v1/products', timeout: true, times: 1 });
    const slow = await failure(client.listProducts({}));
    expect({ code: slow.code, status: slow.status, reason: slow.reason }).toEqual({
      code: 'retailer.unavailable',
      status: null,
      reason: 'timeout',
    });

    const nowhere = await failure(
      new RetailerClient({ baseUrl: 'http://127.0.0.1:9/retailer', token: 't', timeoutMs: 1_000 }).listProducts({}),
    );
    expect({ code: nowhere.code, reason: nowhere.reason }).toEqual({ code: 'retailer.unavailable', reason: 'network' });
  });

  it('a lost answer is retryable, and the retry gets the very sale the lost call made', async () => {
    await sim.control('POST', '/_control/faults', {
      partner: 'retailer',
      method: 'POST',
      path: '/retailer/v1/sales',
      dropResponse: true,
      times: 1,
    });
    const body = sale();
    const lost = await failure(client.registerSale(body));
    expect({ code: lost.code, retryable: lost.retryable }).toEqual({ code: 'retailer.unavailable', retryable: true });
    const retried = await client.registerSale(body);
    const sales = (await sim.retailerSales()).filter((s) => s.orderId === body.orderId);
    expect(sales.map((s) => ({ saleId: s.saleId, registrationCalls: s.registrationCalls }))).toEqual([
      { saleId: retried.saleId, registrationCalls: 2 },
    ]);
  });

  it('a 2xx outside the contract is `retailer.contract-violated`, not retried', async () => {
    await sim.control('POST', '/_control/faults', {
      partner: 'retailer',
      path: '/retailer/v1/products',
      status: 200,
      body: { products: [] },
      times: 1,
    });
    const odd = await failure(client.listProducts({}));
    expect({ code: odd.code, retryable: odd.retryable }).toEqual({ code: 'retailer.contract-violated', retryable: false });
    expect(asWorkflowSees(odd)).toEqual({ type: 'retailer.contract-violated', nonRetryable: true });
  });
});
