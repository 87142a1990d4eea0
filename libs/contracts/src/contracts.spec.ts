import type { ErrorCode } from '@looma-hub/domain';
import {
  ConnectionKinds,
  dlqTopic,
  eventKey,
  FeatureErrors,
  isCloudEvent,
  loomaStatusOf,
  NON_RETRYABLE_FAILURE_TYPES,
  omniChatStatusOf,
  OrderStatus,
  SearchAttributes,
  Topics,
  WorkflowIds,
} from './index';

describe('topics and keys', () => {
  it('name every topic hub.<domain>.<event>.v<n>, each once, with a DLQ beside it', () => {
    const topics = Object.values(Topics);
    for (const t of topics) expect(t).toMatch(/^hub\.[a-z]+\.[a-z-]+\.v\d+$/);
    expect(new Set(topics).size).toBe(topics.length);
    expect(dlqTopic(Topics.orderStatusChanged)).toBe('hub.orders.order-status-changed.v1.dlq');
  });

  it('key events by tenant and aggregate, so one aggregate keeps its order on one partition', () => {
    expect(eventKey('t1', 'o-9')).toBe('t1:o-9');
  });

  it('derive workflow ids from business ids (a second start of the same order is refused by Temporal)', () => {
    expect(WorkflowIds.order('o-1')).toBe('order-o-1');
    expect(WorkflowIds.catalogSync('t1')).toBe('catalog-sync-t1');
    expect(Object.values(SearchAttributes)).toEqual(['LoomaTenantId', 'LoomaOrderId']);
  });
});

describe('order status vocabularies', () => {
  it("map every hub status to Looma's and OmniChat's", () => {
    for (const status of Object.values(OrderStatus)) {
      expect(status in loomaStatusOf).toBe(true);
      expect(status in omniChatStatusOf).toBe(true);
    }
    expect(loomaStatusOf.COMPLETED).toBe('finished');
    expect(omniChatStatusOf.REGISTERED).toBe('ORDER_GATEWAY_PROVISIONED');
    // A failed order is a cancelled cart for the chat platforms; a received one is not news for OmniChat yet.
    expect([loomaStatusOf.FAILED, omniChatStatusOf.FAILED, omniChatStatusOf.RECEIVED]).toEqual(['cancelled', 'CANCELLED', null]);
  });
});

describe('CloudEvents envelope', () => {
  const event = {
    specversion: '1.0',
    id: 'e1',
    source: 'looma-hub/orders',
    type: Topics.orderStatusChanged,
    tenantid: 't1',
    time: 'x',
    data: {},
  };
  it('accepts a 1.0 envelope with id, type, source, tenant and data, and nothing less', () => {
    expect(isCloudEvent(event)).toBe(true);
    for (const missing of ['id', 'type', 'source', 'tenantid', 'data']) {
      const { [missing]: _gone, ...rest } = event as Record<string, unknown>;
      expect(isCloudEvent(rest)).toBe(false);
    }
    expect(isCloudEvent({ ...event, specversion: '0.3' })).toBe(false);
    expect(isCloudEvent({ ...event, id: '' })).toBe(false);
    expect(isCloudEvent('{"id":"e1"}')).toBe(false);
  });
});

describe('feature error codes', () => {
  const features = Object.entries(FeatureErrors).map(([feature, codes]) => [feature, Object.values(codes) as ErrorCode[]] as const);

  it('are distinct across features, each with a title', () => {
    const all = features.flatMap(([, codes]) => codes.map((c) => c.code));
    expect(new Set(all).size).toBe(all.length);
    for (const [, codes] of features) for (const c of codes) expect(c.title.length).toBeGreaterThan(3);
  });

  it('name as non-retryable exactly the business outcomes', () => {
    const outages = features.flatMap(([, codes]) => codes.filter((c) => c.category === 'unavailable').map((c) => c.code));
    expect(outages.sort()).toEqual(['retailer.unavailable', 'tenant.provisioning-failed']);
    for (const code of outages) expect(NON_RETRYABLE_FAILURE_TYPES).not.toContain(code);
    expect(NON_RETRYABLE_FAILURE_TYPES).toContain('retailer.not-connected');
  });

  it('know the connection kinds with an owner today', () => {
    expect(ConnectionKinds).toEqual(['retailer']);
  });
});
