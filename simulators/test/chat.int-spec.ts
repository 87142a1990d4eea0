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
});
