import { randomUUID } from 'node:crypto';
import { type CloudEvent, type InboundWebhookReceivedV1, Topics } from '@looma-hub/contracts';
import { eventually, testEnv, uniqueTenantId } from '@looma-hub/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret } from '../src/endpoint/domain/endpoint-input';
import { startTestService, type TestService } from './support/harness';

jest.setTimeout(60_000);

/** The public receiver: Standard Webhooks verification, dedupe by webhook-id, outbox → Kafka, 202. */
describe('inbound webhooks', () => {
  let svc: TestService;
  const seen = new Map<string, CloudEvent<InboundWebhookReceivedV1>[]>();
  const kafka = new Kafka({ clientId: 'webhooks-int-inbound', brokers: testEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `webhooks-int-inbound-${randomUUID()}` });

  beforeAll(async () => {
    // Only the receiver and the outbox relay: no order-events consumer, no dispatcher.
    svc = await startTestService({ WEBHOOK_CONSUMER_ENABLED: 'false', WEBHOOK_DISPATCHER_ENABLED: 'false' });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.inboundWebhookReceived, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = JSON.parse(message.value?.toString() ?? '{}') as CloudEvent<InboundWebhookReceivedV1>;
        const key = `${event.tenantid}/${event.data?.webhookId}`;
        seen.set(key, [...(seen.get(key) ?? []), event]);
      },
    });
  });

  afterAll(async () => {
    await consumer.disconnect();
    await svc?.close();
  });

  async function source(tenantId: string, name = 'retailer'): Promise<string> {
    const secret = generateWebhookSecret();
    const res = await svc.api<Record<string, unknown>>('PUT', `/internal/tenants/${tenantId}/inbound-sources/${name}`, { secret });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ tenantId, source: name });
    return secret;
  }

  function post(tenantId: string, name: string, body: string, headers: Record<string, string>) {
    return fetch(`${svc.url}/inbound/${tenantId}/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(10_000),
    });
  }

  function signed(secret: string, body: string, id = `msg_${randomUUID()}`, at = new Date()) {
    return {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, body),
    };
  }

  it('accepts a signed sale-completed webhook with 202 and publishes it to Kafka once, even when resent', async () => {
    const tenantId = uniqueTenantId('t-wh-inbound');
    const secret = await source(tenantId);
    const body = JSON.stringify({ type: 'sale.completed', data: { saleId: 'S-1', orderId: 'o-1', status: 'completed' } });
    const headers = signed(secret, body);

    const first = await post(tenantId, 'retailer', body, headers);
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as { id: string; status: string };
    expect(accepted.status).toBe('accepted');

    const again = await post(tenantId, 'retailer', body, headers);
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ id: accepted.id, status: 'duplicate' });

    const key = `${tenantId}/${headers['webhook-id']}`;
    const [event] = await eventually(async () => seen.get(key), { what: 'the inbound event on Kafka' });
    expect(event).toMatchObject({
      type: Topics.inboundWebhookReceived,
      tenantid: tenantId,
      data: { tenantId, source: 'retailer', webhookId: headers['webhook-id'], type: 'sale.completed', payload: JSON.parse(body) },
    });
    const rows = (await svc.db.query(`SELECT count(*)::int AS n FROM "webhooks"."inbound_event" WHERE tenant_id = $1`, [tenantId])) as {
      n: number;
    }[];
    expect(rows[0]?.n).toBe(1);
    // One outbox row for it, published: the relay sends a row once (a re-send only after a crash, which consumers
    // absorb by event id), so Kafka carries exactly the copy seen above.
    const outbox = (await svc.db.query(`SELECT published_at FROM "webhooks"."outbox" WHERE tenant_id = $1 AND topic = $2`, [
      tenantId,
      Topics.inboundWebhookReceived,
    ])) as { published_at: Date | null }[];
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.published_at).toBeInstanceOf(Date);
    expect(seen.get(key)).toHaveLength(1);
  });

  it('refuses a bad signature, a stale timestamp and missing headers with 401 problem+json, and stores nothing', async () => {
    const tenantId = uniqueTenantId('t-wh-inbound-bad');
    const secret = await source(tenantId);
    const body = JSON.stringify({ type: 'sale.cancelled', data: { saleId: 'S-2' } });

    const forged = await post(tenantId, 'retailer', body, signed(generateWebhookSecret(), body));
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await forged.json()).toMatchObject({ status: 401, code: 'webhook.signature-invalid' });

    const tampered = signed(secret, body);
    const changed = await post(tenantId, 'retailer', body.replace('S-2', 'S-3'), tampered);
    expect((await changed.json()) as unknown).toMatchObject({ code: 'webhook.signature-invalid' });

    const stale = await post(tenantId, 'retailer', body, signed(secret, body, 'msg_old', new Date(Date.now() - 6 * 60_000)));
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({ code: 'webhook.timestamp-out-of-range' });

    const bare = await post(tenantId, 'retailer', body, {});
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ code: 'webhook.headers-missing' });

    const rows = (await svc.db.query(`SELECT count(*)::int AS n FROM "webhooks"."inbound_event" WHERE tenant_id = $1`, [tenantId])) as {
      n: number;
    }[];
    expect(rows[0]?.n).toBe(0);
  });

  it('keeps sources apart: unknown source 404, another tenant’s secret does not verify', async () => {
    const a = uniqueTenantId('t-wh-inbound-a');
    const b = uniqueTenantId('t-wh-inbound-b');
    const secretA = await source(a);
    await source(b);
    const body = JSON.stringify({ type: 'sale.completed', data: {} });
    expect((await post(a, 'erp', body, signed(secretA, body))).status).toBe(404);
    const cross = await post(b, 'retailer', body, signed(secretA, body));
    expect(cross.status).toBe(401);
    // The same webhook-id from two sources is two events.
    await source(a, 'erp');
    const id = `msg_${randomUUID()}`;
    expect((await post(a, 'retailer', body, signed(secretA, body, id))).status).toBe(202);
    const secretErp = (await svc.api<{ secret: string }>('PUT', `/internal/tenants/${a}/inbound-sources/erp`, {})).body.secret;
    expect(secretErp).toMatch(/^whsec_/);
    const second = await post(a, 'erp', body, signed(secretErp, body, id));
    expect(await second.json()).toMatchObject({ status: 'accepted' });
  });

  it('answers 415 to a body that is not JSON and 400 to a bad secret', async () => {
    const tenantId = uniqueTenantId('t-wh-inbound-415');
    const secret = await source(tenantId);
    const res = await fetch(`${svc.url}/inbound/${tenantId}/retailer`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...signed(secret, 'hello') },
      body: 'hello',
    });
    expect(res.status).toBe(415);
    const bad = await svc.api<{ errors: { field: string }[] }>('PUT', `/internal/tenants/${tenantId}/inbound-sources/retailer`, {
      secret: 'hunter2',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]?.field).toBe('secret');
  });
});
