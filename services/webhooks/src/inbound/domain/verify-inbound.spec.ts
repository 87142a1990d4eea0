import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret } from '../../endpoint/domain/endpoint-input';
import { verifyInbound } from './verify-inbound';

describe('inbound webhook verification', () => {
  const secret = generateWebhookSecret();
  const body = Buffer.from(JSON.stringify({ type: 'sale.completed', data: { saleId: 's-1' } }));
  const sign = (id: string, at: Date, payload: Buffer = body, key = secret) => ({
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(key).sign(id, at, payload),
  });

  it('accepts a correctly signed, fresh request', () => {
    const now = new Date();
    const r = verifyInbound(secret, body, sign('msg_1', now));
    expect(r).toEqual({ ok: true, webhookId: 'msg_1', sentAt: new Date(Math.floor(now.getTime() / 1000) * 1000) });
  });

  it('accepts when one of several signatures matches (secret rotation)', () => {
    const h = sign('msg_1', new Date());
    h['webhook-signature'] = `v1,${Buffer.alloc(32).toString('base64')} ${h['webhook-signature']}`;
    expect(verifyInbound(secret, body, h).ok).toBe(true);
  });

  it('refuses a changed body, another secret or a missing header', () => {
    const h = sign('msg_1', new Date());
    expect(verifyInbound(secret, Buffer.from(body.toString().replace('s-1', 's-2')), h)).toMatchObject({
      ok: false,
      code: expect.objectContaining({ code: 'webhook.signature-invalid' }),
    });
    expect(verifyInbound(generateWebhookSecret(), body, h)).toMatchObject({
      ok: false,
      code: expect.objectContaining({ code: 'webhook.signature-invalid' }),
    });
    expect(verifyInbound(secret, body, { ...h, 'webhook-signature': undefined })).toMatchObject({
      ok: false,
      code: expect.objectContaining({ code: 'webhook.headers-missing' }),
    });
  });

  it('refuses timestamps more than 5 minutes old or ahead, even when signed', () => {
    const old = new Date(Date.now() - 6 * 60_000);
    const ahead = new Date(Date.now() + 6 * 60_000);
    expect(verifyInbound(secret, body, sign('msg_1', old))).toMatchObject({
      ok: false,
      code: expect.objectContaining({ code: 'webhook.timestamp-out-of-range' }),
    });
    expect(verifyInbound(secret, body, sign('msg_1', ahead))).toMatchObject({
      ok: false,
      code: expect.objectContaining({ code: 'webhook.timestamp-out-of-range' }),
    });
    expect(verifyInbound(secret, body, sign('msg_1', new Date(Date.now() - 4 * 60_000))).ok).toBe(true);
    expect(verifyInbound(secret, body, { ...sign('msg_1', new Date()), 'webhook-timestamp': '2026-01-01' })).toMatchObject({
      code: expect.objectContaining({ code: 'webhook.timestamp-invalid' }),
    });
  });
});
