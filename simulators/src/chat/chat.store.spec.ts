import { Webhook } from 'standardwebhooks';
import { loadConfig, mergeConfig } from '../config';
import { ResetRegistry } from '../core/reset-registry';
import { behaviourSchema } from './behaviour';
import { ChatStore, type IncomingAttempt } from './chat.store';

const secret = `whsec_${Buffer.from('chat-store-spec-secret-0001').toString('base64')}`;

function storeWith(maxDeliveries = 100): ChatStore {
  return new ChatStore(mergeConfig(loadConfig({}), { chat: { maxDeliveries } }), new ResetRegistry());
}

function attempt(
  endpointId: string,
  body: string,
  headers: Record<string, string> = {},
  extra: Partial<IncomingAttempt> = {},
): IncomingAttempt {
  return {
    route: 'webhooks',
    endpointId,
    method: 'POST',
    path: `/chat/webhooks/${endpointId}`,
    headers: { 'content-type': 'application/json', ...headers },
    rawBody: Buffer.from(body),
    ...extra,
  };
}

function signed(id: string, body: string, key = secret): Record<string, string> {
  const at = new Date();
  return {
    'webhook-id': id,
    'webhook-timestamp': Math.floor(at.getTime() / 1000).toString(),
    'webhook-signature': new Webhook(key).sign(id, at, body),
  };
}

describe('chat receiver store', () => {
  it('records every attempt of a retried delivery, the failed ones too, with the behaviour each got', () => {
    const store = storeWith();
    store.configure('ep1', { secret });
    store.setBehaviour('ep1', behaviourSchema.parse({ mode: 'fail', status: 500, times: 2 }));
    const body = '{"type":"order.status_changed"}';
    const answers = [1, 2, 3].map(() => store.receive(attempt('ep1', body, signed('msg_retry', body))).answer.status);
    expect(answers).toEqual([500, 500, 200]);

    const recorded = store.listDeliveries({ webhookId: 'msg_retry' });
    expect(recorded.map((d) => [d.responseStatus, d.behaviour.mode, d.signatureValid, d.duplicate])).toEqual([
      [500, 'fail', true, false],
      [500, 'fail', true, true],
      [200, 'healthy', true, true],
    ]);
    expect(JSON.parse(recorded[0]!.responseBody)).toMatchObject({ error: { code: 'simulated_failure' } });
    expect(store.listDeliveries({ status: 500 })).toHaveLength(2);
    expect(store.listDeliveries({ endpointId: 'ep1', status: 200 })).toHaveLength(1);
    expect(store.listEndpoints()[0]?.behaviour).toMatchObject({ remaining: 0, applied: 2, healed: true });
  });

  it('checks the signature of an attempt answered 410, and keeps the behaviour when the checks are reconfigured', () => {
    const store = storeWith();
    store.setBehaviour('ep-gone', behaviourSchema.parse({ mode: 'gone' }));
    store.configure('ep-gone', { secret });
    const { delivery, answer } = store.receive(attempt('ep-gone', '{}', signed('msg_x', '{"tampered":1}')));
    expect(answer.status).toBe(410);
    expect(delivery).toMatchObject({ signatureValid: false, signatureError: 'No matching signature found', responseStatus: 410 });
  });

  it('leaves a slow answer unanswered in the record until the controller settles it', () => {
    const store = storeWith();
    store.setBehaviour('ep-slow', behaviourSchema.parse({ mode: 'slow', delayMs: 3000 }));
    const { delivery, answer } = store.receive(attempt('ep-slow', '{}'));
    expect(answer).toMatchObject({ status: 200, delayMs: 3000 });
    expect(store.listDeliveries({ endpointId: 'ep-slow' })[0]).toMatchObject({ answeredAt: null, clientGone: false });
    store.settle(delivery, 'client_gone');
    expect(store.listDeliveries({ endpointId: 'ep-slow' })[0]).toMatchObject({ answeredAt: null, clientGone: true });
  });

  it('records an OmniChat status change with its order id and checks its body shape', () => {
    const store = storeWith();
    store.configure('omni', { expectedHeaders: { Authorization: 'Bearer omni-token' } });
    const omni = (body: string, auth = 'Bearer omni-token') =>
      store.receive(
        attempt(
          'omni',
          body,
          { authorization: auth },
          { route: 'omnichat', orderId: 'PED-1', path: '/chat/omnichat/omni/v2/orders/PED-1/statusChange' },
        ),
      );
    const good = omni('{"responsible":"Looma Hub","status":"processing","message":"Pedido registrado","orderGwId":"o-1"}');
    expect(good.answer.status).toBe(200);
    expect(good.delivery).toMatchObject({ orderId: 'PED-1', format: 'omnichat', bodyValid: true, headersValid: true });
    const noStatus = omni('{"responsible":"Looma Hub","message":"x"}');
    expect(noStatus.answer.status).toBe(400);
    expect(noStatus.delivery).toMatchObject({ bodyValid: false, bodyError: expect.stringContaining('status') as unknown });
    expect(omni('{"responsible":"Looma Hub","status":"processing","message":"x"}', 'Bearer wrong').answer.status).toBe(401);
  });

  it('checks a CloudEvents structured-mode body by its content type, and leaves plain JSON unchecked', () => {
    const store = storeWith();
    const event = { specversion: '1.0', id: 'evt-1', source: '/looma-hub/tenants/t1', type: 'hub.order.status_changed', data: {} };
    const ce = (body: unknown) => store.receive(attempt('ce', JSON.stringify(body), { 'content-type': 'application/cloudevents+json' }));
    expect(ce(event).delivery).toMatchObject({ format: 'cloudevents', bodyValid: true, body: event });
    const noSource = ce({ ...event, source: undefined });
    expect(noSource.answer.status).toBe(400);
    expect(noSource.delivery.bodyError).toMatch(/^source: /);
    expect(store.receive(attempt('plain', '{"anything":true}')).delivery).toMatchObject({ format: null, bodyValid: null });
  });

  it('forgets dropped deliveries when deciding duplicates', () => {
    const store = storeWith(2);
    store.receive(attempt('ep', '{}', { 'webhook-id': 'a' }));
    store.receive(attempt('ep', '{}', { 'webhook-id': 'b' }));
    store.receive(attempt('ep', '{}', { 'webhook-id': 'c' }));
    expect(store.listDeliveries({}).map((d) => d.webhookId)).toEqual(['b', 'c']);
    expect(store.receive(attempt('ep', '{}', { 'webhook-id': 'a' })).delivery.duplicate).toBe(false);
    expect(store.receive(attempt('ep', '{}', { 'webhook-id': 'c' })).delivery.duplicate).toBe(true);
  });
});
