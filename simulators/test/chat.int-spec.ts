import { waitFor } from '@looma-hub/testing';
import { Webhook } from 'standardwebhooks';
import { startSim, type Sim } from './support';

const secret = `whsec_${Buffer.from('chat-platform-endpoint-secret-42').toString('base64')}`;

interface Delivery {
  endpointId: string;
  rawBody: string;
  body: unknown;
  headers: Record<string, string>;
  webhookId: string | null;
  signatureValid: boolean | null;
  signatureError: string | null;
  headersValid: boolean | null;
  duplicate: boolean;
  responseStatus: number;
  responseBody: string;
  receivedAt: string;
  answeredAt: string | null;
  clientGone: boolean;
  behaviour: { mode: string };
  orderId: string | null;
  path: string;
  format: string | null;
  bodyValid: boolean | null;
}

function signedHeaders(id: string, body: string, key = secret): Record<string, string> {
  const now = new Date();
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': Math.floor(now.getTime() / 1000).toString(),
    'webhook-signature': new Webhook(key).sign(id, now, body),
  };
}

describe('chat platform webhook receiver', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    await sim.control('POST', '/reset');
  });

  const deliver = (endpointId: string, raw: string, headers: Record<string, string>) =>
    sim.call<{ received?: boolean; error?: { code: string } }>('POST', `/chat/webhooks/${endpointId}`, {
      raw,
      headers,
    });
  const deliveries = async (endpointId: string) =>
    (await sim.control<{ items: Delivery[] }>('GET', `/chat/deliveries?endpointId=${endpointId}`)).body.items;

  it('records deliveries to endpoints never configured, byte for byte, with signatureValid null', async () => {
    const raw = '{ "type": "order.status_changed",  "data": {"orderId":"o-1","status":"PACKAGED"} }';
    const res = await deliver('tenant-demo', raw, { 'content-type': 'application/json', 'x-custom': 'abc' });
    expect(res.status).toBe(200);
    expect(res.body.received).toBe(true);
    const [d] = await deliveries('tenant-demo');
    expect(d).toMatchObject({
      rawBody: raw,
      signatureValid: null,
      headersValid: null,
      duplicate: false,
      responseStatus: 200,
    });
    expect(d?.body).toEqual({ type: 'order.status_changed', data: { orderId: 'o-1', status: 'PACKAGED' } });
    expect(d?.headers['x-custom']).toBe('abc');
  });

  it('verifies Standard Webhooks signatures when a secret is configured', async () => {
    expect((await sim.control('PUT', '/chat/endpoints/ep-1', { secret })).status).toBe(200);
    const body = JSON.stringify({ type: 'sale.completed', data: { orderId: 'o-9' } });
    const good = await deliver('ep-1', body, signedHeaders('msg_1', body));
    expect(good.status).toBe(200);
    const tampered = await deliver('ep-1', body.replace('o-9', 'o-8'), signedHeaders('msg_2', body));
    expect(tampered.status).toBe(401);
    expect(tampered.body.error?.code).toBe('invalid_signature');
    const otherKey = `whsec_${Buffer.from('some-other-secret-entirely-000').toString('base64')}`;
    expect((await deliver('ep-1', body, signedHeaders('msg_3', body, otherKey))).status).toBe(401);
    const unsigned = await deliver('ep-1', body, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);

    const recorded = await deliveries('ep-1');
    expect(recorded.map((d) => d.signatureValid)).toEqual([true, false, false, false]);
    expect(recorded[3]?.signatureError).toBe('Missing required headers');
  });

  it('flags redeliveries of the same webhook-id as duplicates', async () => {
    await sim.control('PUT', '/chat/endpoints/ep-dup', { secret });
    const body = '{"type":"order.cancelled"}';
    const headers = signedHeaders('msg_same', body);
    await deliver('ep-dup', body, headers);
    await deliver('ep-dup', body, headers);
    expect((await deliveries('ep-dup')).map((d) => d.duplicate)).toEqual([false, true]);
    const byId = await sim.control<{ items: Delivery[] }>('GET', '/chat/deliveries?webhookId=msg_same');
    expect(byId.body.items).toHaveLength(2);
  });

  it('checks the custom headers an integration must send, and can record failures without rejecting', async () => {
    await sim.control('PUT', '/chat/endpoints/ep-headers', { expectedHeaders: { 'X-Api-Key': 'k-123' } });
    expect((await deliver('ep-headers', '{}', { 'content-type': 'application/json' })).status).toBe(401);
    expect((await deliver('ep-headers', '{}', { 'content-type': 'application/json', 'x-api-key': 'k-123' })).status).toBe(200);
    expect((await deliveries('ep-headers')).map((d) => d.headersValid)).toEqual([false, true]);

    await sim.control('PUT', '/chat/endpoints/ep-lenient', { secret, rejectInvalid: false });
    expect((await deliver('ep-lenient', '{}', { 'content-type': 'application/json' })).status).toBe(200);
    expect((await deliveries('ep-lenient'))[0]?.signatureValid).toBe(false);
  });

  it('refuses a secret that is not a Standard Webhooks secret, and more than five custom headers', async () => {
    const res = await sim.control<{ error: { field: string } }>('PUT', '/chat/endpoints/ep-bad', {
      secret: 'plain text secret!',
    });
    expect(res.status).toBe(422);
    expect(res.body.error.field).toBe('secret');
    const sixHeaders = Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`X-H${n}`, 'v']));
    expect((await sim.control('PUT', '/chat/endpoints/ep-bad', { expectedHeaders: sixHeaders })).status).toBe(422);
  });

  describe('behaviour modes', () => {
    const body = JSON.stringify({ type: 'order.status_changed', data: { orderId: 'o-42' } });
    const behave = (endpointId: string, behaviour: unknown) => sim.control('PUT', `/chat/endpoints/${endpointId}/behaviour`, behaviour);

    it('fails twice with 500 then heals, recording every attempt with its status and signature check', async () => {
      await sim.control('PUT', '/chat/endpoints/ep-flaky', { secret });
      expect((await behave('ep-flaky', { mode: 'fail', status: 500, times: 2 })).status).toBe(200);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await deliver('ep-flaky', body, signedHeaders('msg_flaky', body))).status);
      expect(statuses).toEqual([500, 500, 200]);

      const recorded = await deliveries('ep-flaky');
      expect(recorded.map((d) => [d.responseStatus, d.behaviour.mode, d.signatureValid, d.duplicate])).toEqual([
        [500, 'fail', true, false],
        [500, 'fail', true, true],
        [200, 'healthy', true, true],
      ]);
      const failed = await sim.control<{ items: Delivery[] }>('GET', '/chat/deliveries?endpointId=ep-flaky&status=500');
      expect(failed.body.items.map((d) => d.webhookId)).toEqual(['msg_flaky', 'msg_flaky']);
      const endpoints = await sim.control<{ items: { endpointId: string; behaviour: unknown }[] }>('GET', '/chat/endpoints');
      expect(endpoints.body.items.find((e) => e.endpointId === 'ep-flaky')?.behaviour).toMatchObject({ remaining: 0, healed: true });
    });

    it('answers 429 with Retry-After, 410 Gone, each with a body the hub can log', async () => {
      await behave('ep-throttled', { mode: 'throttle', status: 429, retryAfterSeconds: 2, times: 1 });
      const throttled = await deliver('ep-throttled', body, { 'content-type': 'application/json' });
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('2');
      expect(throttled.body.error?.code).toBe('rate_limited');
      expect((await deliver('ep-throttled', body, { 'content-type': 'application/json' })).status).toBe(200);

      await behave('ep-gone', { mode: 'gone' });
      const gone = await deliver('ep-gone', body, { 'content-type': 'application/json' });
      expect(gone.status).toBe(410);
      expect(gone.body.error?.code).toBe('endpoint_gone');
      expect((await deliver('ep-gone', body, { 'content-type': 'application/json' })).status).toBe(410);
      expect((await deliveries('ep-gone')).map((d) => d.responseStatus)).toEqual([410, 410]);
    });

    it('refuses an unknown mode with 422', async () => {
      const res = await behave('ep-x', { mode: 'throttle', status: 500 });
      expect(res.status).toBe(422);
    });

    it('records a slow attempt on arrival, and notes a client that gave up before the answer', async () => {
      await behave('ep-slow', { mode: 'slow', delayMs: 30_000, times: 1 });
      const abort = new AbortController();
      const pending = fetch(`${sim.baseUrl}/chat/webhooks/ep-slow`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: abort.signal,
      }).catch((error: unknown) => error);
      const [arrived] = await waitFor(() => deliveries('ep-slow'), {
        until: (items) => items.length === 1,
        intervalMs: 20,
        timeoutMs: 5_000,
        what: 'the slow attempt to be recorded',
      });
      expect(arrived).toMatchObject({ answeredAt: null, clientGone: false, behaviour: { mode: 'slow' }, responseStatus: 200 });
      abort.abort(); // the hub's timeout
      expect(await pending).toMatchObject({ name: 'AbortError' });
      await waitFor(async () => (await deliveries('ep-slow'))[0]?.clientGone, { intervalMs: 20, timeoutMs: 5_000, what: 'clientGone' });
      // times: 1 — the next attempt is answered at once.
      expect((await deliver('ep-slow', body, { 'content-type': 'application/json' })).status).toBe(200);
    });

    it('answers a slow attempt after the delay, with answeredAt set', async () => {
      await behave('ep-late', { mode: 'slow', delayMs: 200 });
      const res = await deliver('ep-late', body, { 'content-type': 'application/json' });
      expect(res.status).toBe(200);
      const [d] = await deliveries('ep-late');
      expect(d?.answeredAt).not.toBeNull();
      // Timers and ISO timestamps have millisecond granularity: allow a few ms either side of the delay.
      expect(Date.parse(d!.answeredAt!) - Date.parse(d!.receivedAt)).toBeGreaterThanOrEqual(195);
    });
  });

  it('receives OmniChat status changes on <endpoint url>/v2/orders/{orderId}/statusChange, with the bearer header checked', async () => {
    await sim.control('PUT', '/chat/endpoints/omni-1', { secret, expectedHeaders: { Authorization: 'Bearer omni-token' } });
    const raw = JSON.stringify({ responsible: 'Looma Hub', status: 'processing', message: 'Pedido registrado', orderGwId: 'o-1' });
    const path = '/chat/omnichat/omni-1/v2/orders/PED%2F77/statusChange';
    const res = await sim.call('POST', path, { raw, headers: { ...signedHeaders('msg_omni', raw), authorization: 'Bearer omni-token' } });
    expect(res.status).toBe(200);
    const wrongToken = await sim.call('POST', path, { raw, headers: { ...signedHeaders('msg_omni2', raw), authorization: 'Bearer nope' } });
    expect(wrongToken.status).toBe(401);
    const [d] = await deliveries('omni-1');
    expect(d).toMatchObject({
      path,
      orderId: 'PED/77',
      rawBody: raw,
      format: 'omnichat',
      bodyValid: true,
      signatureValid: true,
      headersValid: true,
    });
  });

  it('captures a CloudEvents structured-mode body byte for byte and verifies its signature', async () => {
    await sim.control('PUT', '/chat/endpoints/ce-1', { secret });
    const raw = `{"specversion":"1.0","id":"evt-1","source":"/looma-hub/tenants/t1","type":"hub.order.status_changed",  "data":{"orderId":"o-1"}}`;
    const res = await deliver('ce-1', raw, { ...signedHeaders('msg_ce', raw), 'content-type': 'application/cloudevents+json' });
    expect(res.status).toBe(200);
    const [d] = await deliveries('ce-1');
    expect(d).toMatchObject({ rawBody: raw, format: 'cloudevents', bodyValid: true, signatureValid: true });
  });
});
