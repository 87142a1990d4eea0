import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret } from '../../endpoint/domain/endpoint-input';
import { deliveryBody, signDelivery } from './signing';

describe('delivery signing (Standard Webhooks)', () => {
  const secret = generateWebhookSecret();
  const body = deliveryBody('order.completed', new Date('2026-03-02T12:00:00Z'), { orderId: 'o-1', tenantId: 't-1', eventId: 'e-1' });

  it('builds the { type, timestamp, data } body', () => {
    expect(JSON.parse(body)).toEqual({
      type: 'order.completed',
      timestamp: '2026-03-02T12:00:00.000Z',
      data: { orderId: 'o-1', tenantId: 't-1', eventId: 'e-1' },
    });
  });

  it('verifies with the reference library and the same secret', () => {
    const headers = signDelivery(secret, 'd-1', body);
    expect(headers['webhook-id']).toBe('d-1');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('fails verification for a changed body, id, or another secret', () => {
    const headers = signDelivery(secret, 'd-1', body);
    expect(() => new Webhook(secret).verify(body.replace('o-1', 'o-2'), { ...headers })).toThrow('No matching signature');
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'd-2' })).toThrow('No matching signature');
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow('No matching signature');
  });

  it('puts the attempt time in webhook-timestamp (seconds)', () => {
    const at = new Date('2026-03-02T12:34:56.789Z');
    expect(signDelivery(secret, 'd-1', body, at)['webhook-timestamp']).toBe(String(Date.UTC(2026, 2, 2, 12, 34, 56) / 1000));
  });
});
