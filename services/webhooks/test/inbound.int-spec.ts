import { createHash, createHmac, randomUUID } from 'node:crypto';
import { type CloudEvent, dlqTopic, inboundTopic, type InboundSourceView, type InboundWebhookReceivedV1 } from '@looma-hub/contracts';
import { KAFKA_PRODUCER } from '@looma-hub/platform';
import { testEnv, uniqueTenantId, waitFor } from '@looma-hub/testing';
import { type Admin, Kafka, logLevel, type Producer } from 'kafkajs';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret } from '../src/endpoint/domain/endpoint-input';
import { startTestService, type TestService } from './support/harness';

jest.setTimeout(60_000);

type Problem = { status: number; code: string; errors?: { field: string; message: string }[] };
type Message = { key: string; event: CloudEvent<InboundWebhookReceivedV1>; headers: Record<string, string> };

/**
 * The public receiver against the real Postgres and Kafka: each test has a source of its own, so its topic
 * `hub.inbound.<source>.v1` holds exactly what that test published — "on Kafka before the 202" is the topic's end
 * offset read right after the answer, "once" is the topic's whole content.
 */
describe('inbound webhooks', () => {
  let svc: TestService;
  let kafka: Kafka;
  let admin: Admin;
  const topics: string[] = [];

  beforeAll(async () => {
    // Only the receiver and the outbox relay. The JSON limit of the other routes is below the inbound one, to show
    // the receiver reads its bodies with a limit of its own.
    svc = await startTestService({
      WEBHOOK_CONSUMER_ENABLED: 'false',
      WEBHOOK_DISPATCHER_ENABLED: 'false',
      HTTP_BODY_LIMIT: '4kb',
      WEBHOOK_INBOUND_MAX_BYTES: '8192',
    });
    kafka = new Kafka({ clientId: 'webhooks-int-inbound', brokers: testEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.deleteTopics({ topics: topics.flatMap((t) => [t, dlqTopic(t)]) }).catch(() => undefined);
    await admin?.disconnect();
    await svc?.close();
  });

  const newSource = () => `s-${randomUUID().slice(0, 8)}`;

  async function standardSource(tenantId: string, source = newSource()): Promise<{ source: string; secret: string }> {
    const secret = generateWebhookSecret();
    const res = await svc.api<InboundSourceView>('PUT', `/internal/tenants/${tenantId}/inbound-sources/${source}`, { secret });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tenantId, source, scheme: 'standard-webhooks', topic: inboundTopic(source) });
    expect(res.body).not.toHaveProperty('secret');
    topics.push(inboundTopic(source));
    return { source, secret };
  }

  function post(
    tenantId: string,
    source: string,
    body: string | Buffer,
    headers: Record<string, string>,
    contentType = 'application/json',
  ) {
    return fetch(`${svc.url}/inbound/${tenantId}/${source}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...headers },
      body,
      signal: AbortSignal.timeout(15_000),
    });
  }

  function signed(secret: string, body: string | Buffer, id = `msg_${randomUUID()}`, at = new Date()) {
    return {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, Buffer.isBuffer(body) ? body : Buffer.from(body)),
    };
  }

  /** How many messages the topic holds: the sum of its partitions' end offsets (it is new, so they start at 0). */
  async function published(topic: string): Promise<number> {
    return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  }

  /** The topic's whole content, read from the beginning once it holds `count` messages (checked before by `published`). */
  async function readAll(topic: string, count: number): Promise<Message[]> {
    const consumer = kafka.consumer({ groupId: `webhooks-int-inbound-${randomUUID()}` });
    const seen: Message[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.push({
            key: message.key?.toString() ?? '',
            event: JSON.parse(message.value?.toString() ?? '{}') as CloudEvent<InboundWebhookReceivedV1>,
            headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? ''])),
          });
        },
      });
      await waitFor(() => seen.length, { until: (n) => n >= count, timeoutMs: 30_000, what: `${count} messages on ${topic}` });
    } finally {
      await consumer.disconnect();
    }
    return seen;
  }

  async function stored(tenantId: string): Promise<{ events: number; outbox: number }> {
    const [e] = (await svc.db.query(`SELECT count(*)::int AS n FROM "webhooks"."inbound_event" WHERE tenant_id = $1`, [tenantId])) as {
      n: number;
    }[];
    const [o] = (await svc.db.query(`SELECT count(*)::int AS n FROM "webhooks"."outbox" WHERE tenant_id = $1`, [tenantId])) as {
      n: number;
    }[];
    return { events: e?.n ?? -1, outbox: o?.n ?? -1 };
  }

  async function problem(res: Response, status: number): Promise<Problem> {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await res.json()) as Problem;
  }

  it('answers 202 only once the event is on hub.inbound.<source>.v1: keyed, typed, the exact payload, outbox row published', async () => {
    const tenantId = uniqueTenantId('t-wh-in-ok');
    const { source, secret } = await standardSource(tenantId);
    const topic = inboundTopic(source);
    // The topic (and its DLQ) came with the source.
    expect(await admin.listTopics()).toEqual(expect.arrayContaining([topic, dlqTopic(topic)]));
    expect(await published(topic)).toBe(0);

    const body = JSON.stringify({ type: 'sale.completed', data: { saleId: 'S-1', orderId: 'o-1', status: 'completed' } });
    const headers = signed(secret, body);
    const res = await post(tenantId, source, body, headers);
    expect(res.status).toBe(202);
    // Read at once, no waiting: the message was acknowledged by Kafka before the answer left.
    expect(await published(topic)).toBe(1);
    const accepted = (await res.json()) as { id: string; status: string };
    expect(accepted).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'accepted' });

    const [row] = (await svc.db.query(
      `SELECT e.event_id, e.external_id, o.published_at FROM "webhooks"."inbound_event" e JOIN "webhooks"."outbox" o ON o.id = e.event_id WHERE e.id = $1`,
      [accepted.id],
    )) as { event_id: string; external_id: string; published_at: Date | null }[];
    expect(row?.external_id).toBe(headers['webhook-id']);
    expect(row?.published_at).toBeInstanceOf(Date);

    const [message] = await readAll(topic, 1);
    expect(message?.key).toBe(`${tenantId}:${source}:${headers['webhook-id']}`);
    expect(message?.headers['ce-type']).toBe(topic);
    expect(message?.event).toMatchObject({
      id: row?.event_id,
      type: topic,
      source: 'looma-hub/webhooks',
      subject: headers['webhook-id'],
      tenantid: tenantId,
      data: {
        tenantId,
        source,
        webhookId: headers['webhook-id'],
        sentAt: new Date(Number(headers['webhook-timestamp']) * 1000).toISOString(),
        type: 'sale.completed',
        payload: JSON.parse(body) as unknown,
      },
    });
  });

  it('answers a resent webhook-id 202 duplicate with the first id, and Kafka holds it once (the marker after it is the only other message)', async () => {
    const tenantId = uniqueTenantId('t-wh-in-dup');
    const { source, secret } = await standardSource(tenantId);
    const topic = inboundTopic(source);
    const body = JSON.stringify({ type: 'sale.cancelled', data: { saleId: 'S-2' } });
    const headers = signed(secret, body);

    const first = (await (await post(tenantId, source, body, headers)).json()) as { id: string; status: string };
    expect(first.status).toBe('accepted');
    // The same id again, re-signed a moment later as a partner's retry is: still the same webhook.
    const again = await post(tenantId, source, body, signed(secret, body, headers['webhook-id']));
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ id: first.id, status: 'duplicate' });

    const marker = JSON.stringify({ type: 'marker' });
    const markerHeaders = signed(secret, marker);
    expect((await post(tenantId, source, marker, markerHeaders)).status).toBe(202);
    expect(await published(topic)).toBe(2);
    const messages = await readAll(topic, 2);
    expect(messages.map((m) => m.event.data?.webhookId).sort()).toEqual([headers['webhook-id'], markerHeaders['webhook-id']].sort());
    expect(await stored(tenantId)).toEqual({ events: 2, outbox: 2 });
  });

  it('refuses a bad signature, a tampered body and missing headers with 401 problem+json: no row, nothing on Kafka', async () => {
    const tenantId = uniqueTenantId('t-wh-in-sig');
    const { source, secret } = await standardSource(tenantId);
    const body = JSON.stringify({ type: 'sale.cancelled', data: { saleId: 'S-2' } });

    expect(await problem(await post(tenantId, source, body, signed(generateWebhookSecret(), body)), 401)).toMatchObject({
      status: 401,
      code: 'webhook.signature-invalid',
    });
    const tampered = await post(tenantId, source, body.replace('S-2', 'S-3'), signed(secret, body));
    expect((await problem(tampered, 401)).code).toBe('webhook.signature-invalid');
    const unsigned = signed(secret, body);
    const noSignature = await post(tenantId, source, body, {
      'webhook-id': unsigned['webhook-id'],
      'webhook-timestamp': unsigned['webhook-timestamp'],
    });
    expect((await problem(noSignature, 401)).code).toBe('webhook.headers-missing');
    // A malformed body without a valid signature is a 401 too: nothing is parsed before the signature holds.
    expect((await problem(await post(tenantId, source, '{oops', signed(generateWebhookSecret(), '{oops')), 401)).code).toBe(
      'webhook.signature-invalid',
    );

    expect(await stored(tenantId)).toEqual({ events: 0, outbox: 0 });
    expect(await published(inboundTopic(source))).toBe(0);
  });

  it('refuses a correctly signed webhook 6 minutes old (a replay) or 6 minutes ahead with 401, storing nothing', async () => {
    const tenantId = uniqueTenantId('t-wh-in-old');
    const { source, secret } = await standardSource(tenantId);
    const body = JSON.stringify({ type: 'sale.completed', data: { saleId: 'S-4' } });
    const old = signed(secret, body, 'msg_replayed', new Date(Date.now() - 6 * 60_000));
    expect(await problem(await post(tenantId, source, body, old), 401)).toMatchObject({ code: 'webhook.timestamp-out-of-range' });
    const ahead = signed(secret, body, 'msg_ahead', new Date(Date.now() + 6 * 60_000));
    expect((await problem(await post(tenantId, source, body, ahead), 401)).code).toBe('webhook.timestamp-out-of-range');
    expect(await stored(tenantId)).toEqual({ events: 0, outbox: 0 });
    expect(await published(inboundTopic(source))).toBe(0);
    // The id was not burnt: sent again now, fresh, it is accepted.
    expect(await (await post(tenantId, source, body, signed(secret, body, 'msg_replayed'))).json()).toMatchObject({ status: 'accepted' });
  });

  it('answers 400 naming the body to signed JSON that is malformed or not an object, 415 to another media type; nothing stored', async () => {
    const tenantId = uniqueTenantId('t-wh-in-400');
    const { source, secret } = await standardSource(tenantId);
    const malformed = '{"type": "sale.completed",';
    expect(await problem(await post(tenantId, source, malformed, signed(secret, malformed)), 400)).toMatchObject({
      code: 'request.malformed-json',
      errors: [{ field: '(body)', message: expect.any(String) as unknown }],
    });
    for (const notAnObject of ['[1,2]', '"text"', 'null', '42']) {
      expect(await problem(await post(tenantId, source, notAnObject, signed(secret, notAnObject)), 400)).toMatchObject({
        code: 'request.invalid',
        errors: [{ field: '(body)', message: 'must be a JSON object' }],
      });
    }
    const deep = `${'{"a":'.repeat(65)}1${'}'.repeat(65)}`;
    expect((await problem(await post(tenantId, source, deep, signed(secret, deep)), 400)).code).toBe('request.too-deep');
    const text = await post(tenantId, source, 'hello', signed(secret, 'hello'), 'text/plain');
    expect((await problem(text, 415)).code).toBe('request.unsupported-media-type');
    expect(await stored(tenantId)).toEqual({ events: 0, outbox: 0 });
    expect(await published(inboundTopic(source))).toBe(0);
  });

  it('takes a body up to WEBHOOK_INBOUND_MAX_BYTES (above the JSON limit of other routes) and answers 413 problem+json above it', async () => {
    const tenantId = uniqueTenantId('t-wh-in-413');
    const { source, secret } = await standardSource(tenantId);
    const sized = (bytes: number) => {
      const frame = JSON.stringify({ type: 'bulk', pad: '' });
      return JSON.stringify({ type: 'bulk', pad: 'x'.repeat(bytes - frame.length) });
    };
    const limit = sized(8192);
    expect(Buffer.byteLength(limit)).toBe(8192);
    expect((await post(tenantId, source, limit, signed(secret, limit))).status).toBe(202);
    const over = sized(8193);
    expect(await problem(await post(tenantId, source, over, signed(secret, over)), 413)).toMatchObject({
      status: 413,
      code: 'request.too-large',
    });
    // Far above any parser limit: still our 413 problem, not a 500 or an HTML page.
    const huge = sized(400 * 1024);
    expect((await problem(await post(tenantId, source, huge, signed(secret, huge)), 413)).code).toBe('request.too-large');
    expect(await stored(tenantId)).toEqual({ events: 1, outbox: 1 });
    expect(await published(inboundTopic(source))).toBe(1);
  });

  it('verifies a partner HMAC header scheme: hex over timestamp.body with id header, base64 over the body deduplicated by its hash', async () => {
    const tenantId = uniqueTenantId('t-wh-in-hmac');
    const hexSource = newSource();
    const hexSecret = `hex-partner-secret-${randomUUID()}`;
    const put = await svc.api<InboundSourceView>('PUT', `/internal/tenants/${tenantId}/inbound-sources/${hexSource}`, {
      scheme: 'hmac',
      secret: hexSecret,
      header: 'X-Signature',
      algorithm: 'sha256',
      encoding: 'hex',
      prefix: 'sha256=',
      signedContent: 'timestamp.body',
      timestampHeader: 'x-timestamp',
      idHeader: 'x-event-id',
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ scheme: 'hmac', header: 'x-signature', algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=' });
    topics.push(inboundTopic(hexSource));

    const body = JSON.stringify({ event: 'order.paid', id: 991 });
    const ts = String(Math.floor(Date.now() / 1000));
    const hex = (t: string, key = hexSecret) => `sha256=${createHmac('sha256', key).update(`${t}.${body}`).digest('hex')}`;
    const ok = await post(tenantId, hexSource, body, { 'x-signature': hex(ts), 'x-timestamp': ts, 'x-event-id': 'evt-991' });
    expect(ok.status).toBe(202);
    expect(await published(inboundTopic(hexSource))).toBe(1);
    const wrongKey = await post(tenantId, hexSource, body, {
      'x-signature': hex(ts, 'another-key-0123456789'),
      'x-timestamp': ts,
      'x-event-id': 'evt-992',
    });
    expect((await problem(wrongKey, 401)).code).toBe('webhook.signature-invalid');
    const staleTs = String(Math.floor(Date.now() / 1000) - 6 * 60);
    const stale = await post(tenantId, hexSource, body, { 'x-signature': hex(staleTs), 'x-timestamp': staleTs, 'x-event-id': 'evt-993' });
    expect((await problem(stale, 401)).code).toBe('webhook.timestamp-out-of-range');
    const noTs = await post(tenantId, hexSource, body, { 'x-signature': hex(ts), 'x-event-id': 'evt-994' });
    expect((await problem(noTs, 401)).code).toBe('webhook.headers-missing');
    const [message] = await readAll(inboundTopic(hexSource), 1);
    expect(message?.event.data).toMatchObject({ webhookId: 'evt-991', sentAt: new Date(Number(ts) * 1000).toISOString(), type: null });
    expect(message?.key).toBe(`${tenantId}:${hexSource}:evt-991`);

    const b64Source = newSource();
    const b64Secret = `b64-partner-secret-${randomUUID()}`;
    const put64 = await svc.api('PUT', `/internal/tenants/${tenantId}/inbound-sources/${b64Source}`, {
      scheme: 'hmac',
      secret: b64Secret,
      header: 'x-shop-hmac',
      algorithm: 'sha512',
      encoding: 'base64',
      signedContent: 'body',
    });
    expect(put64.status).toBe(200);
    topics.push(inboundTopic(b64Source));
    const b64 = createHmac('sha512', b64Secret).update(body).digest('base64');
    const first = await post(tenantId, b64Source, body, { 'x-shop-hmac': b64 });
    expect(first.status).toBe(202);
    const firstBody = (await first.json()) as { id: string; status: string };
    expect(firstBody.status).toBe('accepted');
    // No id header: the body's hash is the id, so the same body again is the same webhook.
    expect(await (await post(tenantId, b64Source, body, { 'x-shop-hmac': b64 })).json()).toEqual({ id: firstBody.id, status: 'duplicate' });
    const tampered = await post(tenantId, b64Source, body.replace('991', '992'), { 'x-shop-hmac': b64 });
    expect((await problem(tampered, 401)).code).toBe('webhook.signature-invalid');
    expect(await published(inboundTopic(b64Source))).toBe(1);
    const [b64Message] = await readAll(inboundTopic(b64Source), 1);
    expect(b64Message?.event.data).toMatchObject({ webhookId: `sha256:${createHash('sha256').update(body).digest('hex')}`, sentAt: null });
  });

  it('with Kafka unreachable answers 503 with Retry-After and keeps the webhook; the retry of that id publishes it once: 202 duplicate', async () => {
    const tenantId = uniqueTenantId('t-wh-in-503');
    const { source, secret } = await standardSource(tenantId);
    const topic = inboundTopic(source);
    const body = JSON.stringify({ type: 'sale.completed', data: { saleId: 'S-5' } });
    const headers = signed(secret, body);
    // The service's one producer (the relay's too) loses the broker.
    const producer = svc.app.get<Producer>(KAFKA_PRODUCER);
    await producer.disconnect();
    let eventId: string | undefined;
    try {
      const down = await post(tenantId, source, body, headers);
      expect(await problem(down, 503)).toMatchObject({ code: 'kafka.unavailable' });
      expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
      const [row] = (await svc.db.query(
        `SELECT e.event_id, o.published_at FROM "webhooks"."inbound_event" e JOIN "webhooks"."outbox" o ON o.id = e.event_id WHERE e.tenant_id = $1`,
        [tenantId],
      )) as { event_id: string; published_at: Date | null }[];
      expect(row?.published_at).toBeNull();
      eventId = row?.event_id;
      expect(await published(topic)).toBe(0);
    } finally {
      await producer.connect();
    }
    const retry = await post(tenantId, source, body, signed(secret, body, headers['webhook-id']));
    expect(retry.status).toBe(202);
    expect(await retry.json()).toMatchObject({ status: 'duplicate' });
    expect(await published(topic)).toBe(1);
    // Nothing more follows from the relay: a marker after it is the topic's only other message.
    const marker = JSON.stringify({ type: 'marker' });
    expect((await post(tenantId, source, marker, signed(secret, marker))).status).toBe(202);
    expect(await published(topic)).toBe(2);
    const messages = await readAll(topic, 2);
    expect(messages.filter((m) => m.event.data?.webhookId === headers['webhook-id']).map((m) => m.event.id)).toEqual([eventId]);
  });

  it('keeps sources apart and configurable: 404 unknown source, another tenant’s secret fails, listing shows no secret, bad settings 400', async () => {
    const a = uniqueTenantId('t-wh-in-a');
    const b = uniqueTenantId('t-wh-in-b');
    const { source, secret: secretA } = await standardSource(a);
    await standardSource(b, source);
    const body = JSON.stringify({ type: 'sale.completed', data: {} });
    expect((await problem(await post(a, 'nope', body, signed(secretA, body)), 404)).code).toBe('inbound-source.not-found');
    expect((await problem(await post(b, source, body, signed(secretA, body)), 401)).code).toBe('webhook.signature-invalid');

    // A generated secret is answered once; the listing never shows one.
    const other = newSource();
    const generated = await svc.api<InboundSourceView>('PUT', `/internal/tenants/${a}/inbound-sources/${other}`, {});
    topics.push(inboundTopic(other));
    expect(generated.body.secret).toMatch(/^whsec_/);
    const list = await svc.api<InboundSourceView[]>('GET', `/internal/tenants/${a}/inbound-sources`);
    expect(list.body.map((s) => [s.source, s.scheme, s.topic]).sort()).toEqual(
      [
        [source, 'standard-webhooks', inboundTopic(source)],
        [other, 'standard-webhooks', inboundTopic(other)],
      ].sort(),
    );
    const listed = JSON.stringify(list.body);
    expect(listed).not.toContain(secretA);
    expect(listed).not.toContain(generated.body.secret!);
    expect(listed).not.toContain('secret');

    const bad = async (input: unknown, field: string) => {
      const res = await svc.api<Problem>('PUT', `/internal/tenants/${a}/inbound-sources/${newSource()}`, input);
      expect({ status: res.status, fields: res.body.errors?.map((e) => e.field) }).toEqual({ status: 400, fields: [field] });
    };
    await bad({ secret: 'hunter2' }, 'secret');
    await bad({ scheme: 'rsa', secret: 'x' }, 'scheme');
    const hmac = { scheme: 'hmac', secret: 'partner-secret-0123456789', header: 'x-signature', algorithm: 'sha256', encoding: 'hex' };
    await bad({ ...hmac, signedContent: 'timestamp.body' }, 'timestampHeader');
    await bad({ ...hmac, signedContent: 'body', algorithm: 'md5' }, 'algorithm');
    await bad({ ...hmac, signedContent: 'body', header: 'authorization' }, 'header');
    await bad({ ...hmac, signedContent: 'body', secret: 'short' }, 'secret');
    const badPath = await svc.api<Problem>('PUT', `/internal/tenants/${a}/inbound-sources/Bad%20Source`, {});
    expect(badPath.body.errors?.map((e) => e.field)).toEqual(['source']);
  });
});
