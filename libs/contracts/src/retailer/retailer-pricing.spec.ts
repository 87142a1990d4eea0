import { RetailerPricingEventSchema, RetailerPricingEventTypes } from './retailer-pricing';
import { RetailerDiscountRulesQuerySchema, EligibilitySchema } from './retailer-sales';

const envelope = {
  specversion: '1.0',
  id: 'evt-1',
  source: 'urn:retailer:loja-centro:erp',
  time: '2026-11-30T18:00:01.000-03:00',
  tenantid: 'tenant-a',
  subject: 'leve3pague2-cafe',
};

const rule = {
  id: 'leve3pague2-cafe',
  name: 'Café Pilão: leve 3, pague 2',
  kind: 'promotion',
  target: { productIds: ['1003'] },
  action: { type: 'buy-x-get-y', buy: 2, get: 1 },
  updatedAt: '2026-11-30T18:00:00.000-03:00',
};

describe('retailer pricing events', () => {
  it('reads an upsert with the whole rule, its defaults filled', () => {
    const event = RetailerPricingEventSchema.parse({ ...envelope, type: RetailerPricingEventTypes.ruleUpserted, data: rule });
    expect(event.type === RetailerPricingEventTypes.ruleUpserted && event.data).toMatchObject({
      id: 'leve3pague2-cafe',
      action: { type: 'buy-x-get-y', buy: 2, get: 1, bps: 10_000 },
      combination: 'stackable',
      enabled: true,
      coupon: null,
      target: { productIds: ['1003'], categories: [] },
    });
  });

  it('reads a deletion as the rule id and when it was deleted', () => {
    const data = { id: 'leve3pague2-cafe', updatedAt: '2026-12-01T09:00:00.000-03:00' };
    expect(RetailerPricingEventSchema.parse({ ...envelope, type: RetailerPricingEventTypes.ruleDeleted, data }).data).toEqual(data);
  });

  it.each([
    [
      'an upsert without updatedAt',
      { ...envelope, type: RetailerPricingEventTypes.ruleUpserted, data: { ...rule, updatedAt: undefined } },
      'data.updatedAt',
    ],
    [
      'a coupon rule without its coupon',
      { ...envelope, type: RetailerPricingEventTypes.ruleUpserted, data: { ...rule, kind: 'coupon' } },
      'data.coupon',
    ],
    [
      'an event without tenantid',
      { ...envelope, tenantid: undefined, type: RetailerPricingEventTypes.ruleDeleted, data: { id: 'x', updatedAt: rule.updatedAt } },
      'tenantid',
    ],
    [
      'a deletion with a bad rule id',
      { ...envelope, type: RetailerPricingEventTypes.ruleDeleted, data: { id: 'a rule', updatedAt: rule.updatedAt } },
      'data.id',
    ],
    ['a catalog event type', { ...envelope, type: 'retailer.product.upserted.v1', data: rule }, 'type'],
  ])('rejects %s, naming the field', (_what, input, field) => {
    const r = RetailerPricingEventSchema.safeParse(input);
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toContain(field);
  });
});

describe('discount rules query and eligibility', () => {
  it('pages 200 rules by default, 1000 at most', () => {
    expect(RetailerDiscountRulesQuerySchema.parse({}).limit).toBe(200);
    expect(RetailerDiscountRulesQuerySchema.parse({ limit: '1000' }).limit).toBe(1000);
    expect(RetailerDiscountRulesQuerySchema.safeParse({ limit: '1001' }).success).toBe(false);
    expect(RetailerDiscountRulesQuerySchema.safeParse({ updatedSince: '2026-11-30T18:00:00' }).success).toBe(false);
  });

  it('says whether the retailer knows the customer and its segments', () => {
    const answer = { eligible: true, registered: true, tier: 'gold', segments: ['employee'], reasons: ['loyalty_member'] };
    expect(EligibilitySchema.parse(answer)).toEqual(answer);
    expect(EligibilitySchema.safeParse({ eligible: false, tier: null, reasons: [] }).success).toBe(false);
  });
});
