import { type PricingRuleView, type Quote, QuoteSchema, type RulePreview } from '@looma-hub/contracts';
import { uniqueTenantId, waitFor } from '@looma-hub/testing';
import { admin, createTenant, json, type RunningStack, startStack } from '../skeleton/stack';

type Problem = { status: number; code: string; errors?: { field: string; message: string }[] };

// Customers of the simulated retailer (simulators/src/retailer/retailer.fixtures.ts RETAILER_CUSTOMERS).
const MARIA_GOLD = '529.982.247-25';
const JOAO_SILVER_EMPLOYEE = '111.444.777-35';
const ANA_REGISTERED = '390.533.447-05';
// Demo catalog: 1002 Feijão Camil 8,99; 1003 Café Pilão 19,49 on promotion at 16,99; 1001 Arroz Tio João 28,99 at 24,99.
const CAFE = '1003';
const FEIJAO = '1002';
const ARROZ = '1001';

/**
 * Pricing as its users meet it, every service a real process: a chat platform quoting carts through the gateway
 * (catalog prices, the retailer's discount rules pulled at connection, customer eligibility asked of the retailer,
 * coupons), and an operator managing rules through the admin API. Amounts are the seeded rules' exact figures.
 */
describe('quotes and pricing rules through the gateway (e2e)', () => {
  let stack: RunningStack;
  let tenantId: string;
  let otherTenant: string;
  let auth: Record<string, string>;
  let otherAuth: Record<string, string>;
  const quote = (body: unknown, headers = auth) => json<Quote & Problem>('POST', `${stack.gateway}/v1/quotes`, body, headers);
  const rules = (t: string) => `/admin/tenants/${t}/pricing/rules`;
  const pairs = (q: Quote) => q.notApplied.map((n) => [n.ruleId ?? n.couponCode, n.reason]);
  const retailerRuleCount = async () =>
    (
      await json<{ items: unknown[] }>('GET', `${stack.simulators.retailer.baseUrl}/v1/discount-rules?limit=1000`, undefined, {
        authorization: `Bearer ${stack.simulators.retailer.token}`,
      })
    ).body.items.length;

  beforeAll(async () => {
    stack = await startStack();
    tenantId = uniqueTenantId('e2e-price');
    otherTenant = uniqueTenantId('e2e-price-b');
    auth = { authorization: `Bearer ${(await createTenant(stack, tenantId)).apiKey}` };
    otherAuth = { authorization: `Bearer ${(await createTenant(stack, otherTenant)).apiKey}` };
    const expected = await retailerRuleCount();
    for (const t of [tenantId, otherTenant]) {
      // The connection's full pull brought every rule of the retailer; the catalog's first sync, every product.
      await waitFor(
        async () => (await admin<{ items: PricingRuleView[] }>(stack, 'GET', `${rules(t)}?limit=500`)).body.items?.length ?? 0,
        {
          until: (n) => n === expected,
          timeoutMs: 90_000,
          what: `the first rule pull of ${t}`,
        },
      );
    }
    await waitFor(async () => (await quote({ lines: [{ productId: CAFE, quantity: 1 }] })).body.lines?.[0]?.error, {
      until: (e) => e === null,
      timeoutMs: 90_000,
      what: 'the first catalog sync',
    });
  }, 300_000);

  afterAll(async () => {
    for (const t of [tenantId, otherTenant]) if (t) await admin(stack, 'DELETE', `/admin/tenants/${t}`).catch(() => undefined);
    await stack?.stop();
  }, 60_000);

  it('prices a cart to the centavo: an exclusive buy-2-get-1 locks its line, a category percentage takes the rest', async () => {
    const r = await quote({
      lines: [
        { productId: CAFE, quantity: 3 },
        { productId: FEIJAO, quantity: 2 },
      ],
    });
    expect(r.status).toBe(200);
    const q = QuoteSchema.parse(r.body);
    expect(
      q.lines.map((l) => [
        l.externalId,
        l.effectiveUnitPriceCents,
        l.subtotalCents,
        l.discounts.map((d) => [d.ruleId, d.amountCents]),
        l.totalCents,
      ]),
    ).toEqual([
      [CAFE, 1699, 5097, [['promo-cafe-leve3-pague2', 1699]], 3398],
      [FEIJAO, 899, 1798, [['promo-semana-mercearia', 180]], 1618],
    ]);
    expect(q.lines[0]?.regularUnitPriceCents).toBe(1949);
    expect([q.subtotalCents, q.discountCents, q.totalCents]).toEqual([6895, 1879, 5016]);
    expect(q.freeShipping).toBe(false);
    // What the customer could still get: identify themselves, or reach the free-shipping minimum.
    expect(pairs(q).sort()).toEqual(
      [
        ['cliente-funcionario-15', 'customer-required'],
        ['cliente-b2b-atacado', 'customer-required'],
        ['cliente-ouro-5', 'customer-required'],
        ['cliente-prata-3', 'customer-required'],
        ['promo-frete-gratis-199', 'below-min-cart-value'],
      ].sort(),
    );
  });

  it('asks the retailer whether the customer qualifies: gold gets its 5% on the lines no exclusive rule holds', async () => {
    const q = (
      await quote({
        lines: [
          { productId: CAFE, quantity: 3 },
          { productId: FEIJAO, quantity: 2 },
        ],
        customer: { document: MARIA_GOLD },
      })
    ).body;
    expect(q.lines.map((l) => l.discounts.map((d) => [d.ruleId, d.amountCents]))).toEqual([
      [['promo-cafe-leve3-pague2', 1699]],
      [
        ['promo-semana-mercearia', 180],
        ['cliente-ouro-5', 81],
      ],
    ]);
    expect(q.totalCents).toBe(4935);
    expect(pairs(q)).toContainEqual(['cliente-prata-3', 'not-eligible']);
  });

  it('a best-deal rule wins only when it gives the customer more than the regular combination', async () => {
    const small = (
      await quote({
        lines: [
          { productId: CAFE, quantity: 3 },
          { productId: FEIJAO, quantity: 2 },
        ],
        customer: { document: JOAO_SILVER_EMPLOYEE },
      })
    ).body;
    // Regular: 1699 + 180 + 3% silver of 1618 (49) = 1928 > the employee's 15% of 6895 (1034).
    expect(small.discountCents).toBe(1928);
    expect(pairs(small)).toContainEqual(['cliente-funcionario-15', 'better-deal-applied']);
    const big = (await quote({ lines: [{ productId: FEIJAO, quantity: 10 }], customer: { document: JOAO_SILVER_EMPLOYEE } })).body;
    // Regular: 899 + 3% of 8091 (243) = 1142 < 15% of 8990 (1349).
    expect(big.discounts).toEqual([
      { ruleId: 'cliente-funcionario-15', name: 'Desconto de funcionário', kind: 'customer', amountCents: 1349 },
    ]);
    expect(big.totalCents).toBe(7641);
    expect(pairs(big)).toEqual(
      expect.arrayContaining([
        ['promo-semana-mercearia', 'better-deal-applied'],
        ['cliente-prata-3', 'better-deal-applied'],
      ]),
    );
  });

  it('coupons: code without case or accents, per-customer limit needs the document, minimum cart value, unknown code', async () => {
    const cart = [
      { productId: ARROZ, quantity: 4 },
      { productId: FEIJAO, quantity: 1 },
    ];
    const anonymous = (await quote({ lines: cart, coupons: ['bemvindo10', 'NAOEXISTE'] })).body;
    expect(pairs(anonymous)).toEqual(
      expect.arrayContaining([
        ['cupom-bemvindo10', 'coupon-customer-required'],
        ['NAOEXISTE', 'coupon-unknown'],
      ]),
    );
    const known = (await quote({ lines: cart, coupons: ['Bem-Vindo10'.replace('-', '')], customer: { document: ANA_REGISTERED } })).body;
    expect(known.coupons).toEqual([{ code: 'BemVindo10', ruleId: 'cupom-bemvindo10', applied: true }]);
    expect(known.discounts.find((d) => d.ruleId === 'cupom-bemvindo10')?.amountCents).toBe(1000);
    expect(known.lines.reduce((s, l) => s + l.totalCents, 0)).toBe(known.totalCents);
    const below = (
      await quote({ lines: [{ productId: FEIJAO, quantity: 1 }], coupons: ['BEMVINDO10'], customer: { document: ANA_REGISTERED } })
    ).body;
    expect(pairs(below)).toContainEqual(['cupom-bemvindo10', 'below-min-cart-value']);
  });

  it('bad input: an unknown product is a line error, an invalid CPF a 400 naming it; `at` prices another instant', async () => {
    const q = (
      await quote({
        lines: [
          { productId: 'nao-existe', quantity: 1 },
          { productId: FEIJAO, quantity: 1 },
        ],
      })
    ).body;
    expect(q.lines.map((l) => [l.error?.code ?? null, l.totalCents])).toEqual([
      ['product-not-found', 0],
      [null, 809],
    ]);
    const bad = await quote({ lines: [{ productId: FEIJAO, quantity: 1 }], customer: { document: '529.982.247-26' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.errors?.[0]?.field).toBe('customer.document');
    // Far in the future every promotion has ended: list prices, no discount.
    const later = (await quote({ lines: [{ productId: CAFE, quantity: 3 }], at: '2030-01-01T12:00:00-03:00' })).body;
    expect([later.at, later.lines[0]?.effectiveUnitPriceCents, later.discountCents]).toEqual(['2030-01-01T15:00:00.000Z', 1949, 0]);
  });

  it('admin rules apply to the very next quote, only for their tenant; disabling takes them away; retailer rules stay read-only', async () => {
    const before = (await quote({ lines: [{ productId: FEIJAO, quantity: 2 }] })).body;
    const created = await admin<PricingRuleView>(stack, 'POST', rules(tenantId), {
      id: 'hub-feijao-1-real',
      name: 'Feijão: R$ 1,00 por unidade',
      kind: 'catalog',
      target: { productIds: [FEIJAO] },
      action: { type: 'amount-off', amountCents: 100, per: 'unit' },
      priority: 80,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'hub-feijao-1-real', source: 'admin', enabled: true, combination: 'stackable' });
    const after = (await quote({ lines: [{ productId: FEIJAO, quantity: 2 }] })).body;
    expect(after.rulesVersion).toBeGreaterThan(before.rulesVersion);
    // 200 off first (priority 80), then 10% of the 1598 left.
    expect(after.discounts.map((d) => [d.ruleId, d.amountCents])).toEqual([
      ['hub-feijao-1-real', 200],
      ['promo-semana-mercearia', 160],
    ]);
    expect((await quote({ lines: [{ productId: FEIJAO, quantity: 2 }] }, otherAuth)).body.discountCents).toBe(180);

    expect((await admin(stack, 'POST', `${rules(tenantId)}/hub-feijao-1-real/disable`)).status).toBe(200);
    expect((await quote({ lines: [{ productId: FEIJAO, quantity: 2 }] })).body.discountCents).toBe(180);

    const edit = await admin<Problem>(stack, 'PUT', `${rules(tenantId)}/promo-semana-mercearia`, {
      id: 'promo-semana-mercearia',
      name: 'x',
      kind: 'promotion',
      action: { type: 'percent-off', bps: 9000 },
    });
    expect([edit.status, edit.body.code]).toEqual([409, 'pricing.rule-managed-by-retailer']);
    const invalid = await admin<Problem>(stack, 'POST', rules(tenantId), {
      id: 'bad',
      name: 'sem cupom',
      kind: 'coupon',
      action: { type: 'free-shipping' },
    });
    expect([invalid.status, invalid.body.errors?.map((e) => e.field)]).toEqual([400, ['coupon']]);
    const taken = await admin<Problem>(stack, 'POST', rules(tenantId), {
      id: 'dup-code',
      name: 'dup',
      kind: 'coupon',
      coupon: { code: 'bémvindo10' },
      action: { type: 'free-shipping' },
    });
    expect([taken.status, taken.body.code]).toEqual([409, 'pricing.coupon-code-taken']);
  });

  it('previews a rule against a cart without storing it', async () => {
    const preview = await admin<RulePreview>(stack, 'POST', `${rules(tenantId)}/preview`, {
      rule: {
        id: 'preview-arroz',
        name: 'Arroz por 19,99',
        kind: 'promotion',
        target: { productIds: [ARROZ] },
        action: { type: 'fixed-price', unitPriceCents: 1999 },
        priority: 99,
        combination: 'exclusive',
      },
      cart: { lines: [{ productId: ARROZ, quantity: 2 }] },
    });
    expect(preview.status).toBe(200);
    expect([preview.body.applied, preview.body.amountCents, preview.body.quote.totalCents]).toEqual([true, 1000, 3998]);
    expect((await admin(stack, 'GET', `${rules(tenantId)}/preview-arroz`)).status).toBe(404);
  });

  it('follows the retailer: a rule pushed on Kafka prices the next quotes once consumed; an incremental pull brings one not pushed', async () => {
    const pushed = {
      id: 'promo-push-feijao',
      name: 'Feijão empurrado',
      kind: 'promotion',
      target: { productIds: [FEIJAO] },
      action: { type: 'amount-off', amountCents: 50, per: 'unit' },
      priority: 95,
    };
    const res = await stack.simulators.control('POST', '/_control/retailer/discount-rules', { items: [pushed], publish: { tenantId } });
    expect(res).toMatchObject({ published: 1 });
    await waitFor(async () => (await quote({ lines: [{ productId: FEIJAO, quantity: 1 }] })).body.discounts.map((d) => d.ruleId), {
      until: (ids) => ids[0] === 'promo-push-feijao',
      timeoutMs: 30_000,
      what: 'the pushed rule',
    });
    await stack.simulators.control('POST', '/_control/retailer/discount-rules', {
      items: [{ ...pushed, id: 'promo-pull-feijao', priority: 96 }],
    });
    const started = await admin<{ workflowId: string }>(stack, 'POST', `/admin/tenants/${tenantId}/pricing/sync`, { mode: 'incremental' });
    expect(started.status).toBe(202);
    await waitFor(async () => (await admin(stack, 'GET', `${rules(tenantId)}/promo-pull-feijao`)).status, {
      until: (s) => s === 200,
      timeoutMs: 30_000,
      what: 'the pulled rule',
    });
    const q = (await quote({ lines: [{ productId: FEIJAO, quantity: 1 }] })).body;
    expect(q.discounts.slice(0, 2).map((d) => [d.ruleId, d.amountCents])).toEqual([
      ['promo-pull-feijao', 50],
      ['promo-push-feijao', 50],
    ]);
  });

  it('an eligibility check that fails does not fail the quote: the rule does not apply and the quote says why', async () => {
    await stack.simulators.control('POST', '/_control/faults', {
      partner: 'retailer',
      path: '/retailer/v1/customers/eligibility',
      status: 503,
    });
    try {
      // Maria (gold) by phone: her 5% would apply if the retailer answered; the rest of the quote stands.
      const q = (await quote({ lines: [{ productId: ARROZ, quantity: 1 }], customer: { phone: '+55 11 98765-4321' } })).body;
      expect(q.discounts.map((d) => [d.ruleId, d.amountCents])).toEqual([['promo-semana-mercearia', 250]]);
      expect(q.totalCents).toBe(2249);
      expect(pairs(q)).toContainEqual(['cliente-ouro-5', 'eligibility-unavailable']);
    } finally {
      await stack.simulators.control('DELETE', '/_control/faults');
    }
  });

  it('follows the catalog: a price the retailer changes prices the next quotes once the catalog has announced it', async () => {
    await stack.simulators.upsertRetailerProducts([{ id: FEIJAO, priceCents: 999 }]);
    expect((await admin(stack, 'POST', `/admin/tenants/${tenantId}/catalog/schedule/sync-now`)).status).toBe(202);
    const q = await waitFor(async () => (await quote({ lines: [{ productId: FEIJAO, quantity: 1 }] })).body, {
      until: (b) => b.lines?.[0]?.effectiveUnitPriceCents === 999,
      timeoutMs: 60_000,
      what: 'the new price in quotes',
    });
    expect([q.lines[0]?.regularUnitPriceCents, q.subtotalCents]).toEqual([999, 999]);
  });
});
