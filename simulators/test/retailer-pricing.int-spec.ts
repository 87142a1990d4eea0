import { randomUUID } from 'node:crypto';
import { RetailerPricingEventSchema, RetailerPricingEventTypes, RetailerPricingTopics } from '@looma-hub/contracts';
import { testEnv, waitFor } from '@looma-hub/testing';
import { Kafka, logLevel } from 'kafkajs';
import { startSim, type Sim } from './support';

jest.setTimeout(60_000);

const auth = { authorization: 'Bearer retailer-demo-token' };

describe('retailer simulator: discount rules pushed on Kafka', () => {
  let sim: Sim;

  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim.close();
  });

  const rule = (id: string) => ({
    id,
    name: `Regra ${id}`,
    kind: 'promotion',
    target: { manufacturers: ['Ambev'] },
    action: { type: 'amount-off', amountCents: 150, per: 'unit' },
  });

  it('publishes upserts, deletions and generated rules as retailer pricing events, keyed by tenant and rule', async () => {
    const tenantId = `sim-${randomUUID().slice(0, 8)}`;
    const kafka = new Kafka({ clientId: 'sim-test', brokers: testEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `sim-test-${randomUUID()}` });
    const seen: { key: string; value: unknown }[] = [];
    // The first publish creates the topic; the consumer then reads it from its start.
    const first = await sim.control<{ published: number }>('POST', '/retailer/discount-rules', {
      items: [rule('promo-push-1')],
      publish: { tenantId },
    });
    expect(first.body.published).toBe(1);
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: RetailerPricingTopics.pricing, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const key = message.key?.toString() ?? '';
          if (key.startsWith(`${tenantId}:`)) seen.push({ key, value: JSON.parse(message.value?.toString() ?? 'null') });
        },
      });
      const upserted = await sim.control<{ published: number }>('POST', '/retailer/discount-rules', {
        items: [rule('promo-push-2'), rule('promo-push-3')],
        publish: { tenantId },
      });
      const removed = await sim.control<{ items: { updatedAt: string }[]; published: number }>(
        'POST',
        '/retailer/discount-rules/removals',
        {
          ids: ['promo-push-2'],
          publish: { tenantId },
        },
      );
      const generated = await sim.control<{ published: number }>('POST', '/retailer/discount-rules/generate', {
        count: 30,
        seed: 5,
        idPrefix: 'PUSH-',
        publish: { tenantId },
      });
      // Not published: the retailer's own changes without `publish`.
      await sim.control('POST', '/retailer/discount-rules', { items: [rule('promo-quiet')] });
      expect([upserted.body.published, removed.body.published, generated.body.published]).toEqual([2, 1, 30]);

      await waitFor(() => seen.length, { until: (n) => n >= 34, timeoutMs: 30_000, what: '34 pricing events' });
      expect(seen.length).toBe(34);
      const events = seen.map((m) => ({ key: m.key, event: RetailerPricingEventSchema.parse(m.value) }));
      expect(events.every(({ key, event }) => event.tenantid === tenantId && key === `${tenantId}:${event.subject}`)).toBe(true);
      // One rule, one partition: its deletion comes after its upsert, with the instant the REST feed shows.
      expect(events.filter((e) => e.key === `${tenantId}:promo-push-2`).map((e) => [e.event.type, e.event.data])).toEqual([
        [RetailerPricingEventTypes.ruleUpserted, expect.objectContaining({ id: 'promo-push-2', enabled: true })],
        [RetailerPricingEventTypes.ruleDeleted, { id: 'promo-push-2', updatedAt: removed.body.items[0]?.updatedAt }],
      ]);
      const published = events.filter((e) => e.event.type === RetailerPricingEventTypes.ruleUpserted).map((e) => e.event.data);
      const rest = await sim.call<{ items: { id: string }[] }>('GET', '/retailer/v1/discount-rules?limit=1000', { headers: auth });
      const served = new Map(rest.body.items.map((r) => [r.id, r]));
      // Each upsert carries the rule as the REST feed serves it (promo-push-2 has been deleted since).
      expect(published.filter((r) => r.id !== 'promo-push-2').map((r) => [r.id, r])).toEqual(
        published.filter((r) => r.id !== 'promo-push-2').map((r) => [r.id, served.get(r.id)]),
      );
      expect(published.map((r) => r.id).sort()).toEqual(
        [
          'promo-push-1',
          'promo-push-2',
          'promo-push-3',
          ...Array.from({ length: 30 }, (_, i) => `PUSH-${String(i).padStart(7, '0')}`),
        ].sort(),
      );
    } finally {
      await consumer.disconnect();
    }
  });
});
