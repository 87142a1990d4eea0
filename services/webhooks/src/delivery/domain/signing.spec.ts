import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret } from '../../endpoint/domain/endpoint-input';
import { secretKey, signDelivery } from './signing';

describe('delivery signing (Standard Webhooks), checked by the reference library', () => {
  const secret = generateWebhookSecret();
  const body = JSON.stringify({ type: 'order.completed', timestamp: '2026-03-02T12:00:00.000Z', data: { orderId: 'o-1' } });

  it('verifies with the standardwebhooks package and the same secret', () => {
    const headers = signDelivery([secretKey(secret)], 'd-1', body);
    expect(headers['webhook-id']).toBe('d-1');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('fails verification for a changed body, id, or another secret', () => {
    const headers = signDelivery([secretKey(secret)], 'd-1', body);
    expect(() => new Webhook(secret).verify(body.replace('o-1', 'o-2'), { ...headers })).toThrow('No matching signature');
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'd-2' })).toThrow('No matching signature');
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow('No matching signature');
  });

  it('signs with both secrets during a rotation: a receiver holding either one verifies', () => {
    const next = generateWebhookSecret();
    const headers = signDelivery([secretKey(next), secretKey(secret)], 'd-1', body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(new Webhook(next).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow('No matching signature');
  });

  it('puts the attempt time in webhook-timestamp (seconds)', () => {
    const at = new Date('2026-03-02T12:34:56.789Z');
    expect(signDelivery([secretKey(secret)], 'd-1', body, at)['webhook-timestamp']).toBe(String(Date.UTC(2026, 2, 2, 12, 34, 56) / 1000));
  });
});
