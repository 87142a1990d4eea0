import { createHash, createHmac } from 'node:crypto';
import type { HmacSourceSettings } from '@looma-hub/contracts';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret } from '../../endpoint/domain/endpoint-input';
import { verifyHmac, verifyInbound } from './verify-inbound';

const standard = { scheme: 'standard-webhooks' as const };
const code = (c: string) => ({ ok: false, code: expect.objectContaining({ code: c }) as unknown });

describe('inbound webhook verification: Standard Webhooks', () => {
  const secret = generateWebhookSecret();
  const body = Buffer.from(JSON.stringify({ type: 'sale.completed', data: { saleId: 's-1' } }));
  const sign = (id: string, at: Date, payload: Buffer = body, key = secret) => ({
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(key).sign(id, at, payload),
  });

  it('accepts a correctly signed, fresh request', () => {
    const now = new Date();
    const r = verifyInbound(standard, secret, body, sign('msg_1', now));
    expect(r).toEqual({ ok: true, webhookId: 'msg_1', sentAt: new Date(Math.floor(now.getTime() / 1000) * 1000) });
  });

  it('accepts when one of several signatures matches (secret rotation)', () => {
    const h = sign('msg_1', new Date());
    h['webhook-signature'] = `v1,${Buffer.alloc(32).toString('base64')} ${h['webhook-signature']}`;
    expect(verifyInbound(standard, secret, body, h).ok).toBe(true);
  });

  it('refuses a changed body, another secret or a missing header', () => {
    const h = sign('msg_1', new Date());
    expect(verifyInbound(standard, secret, Buffer.from(body.toString().replace('s-1', 's-2')), h)).toMatchObject(
      code('webhook.signature-invalid'),
    );
    expect(verifyInbound(standard, generateWebhookSecret(), body, h)).toMatchObject(code('webhook.signature-invalid'));
    expect(verifyInbound(standard, secret, body, { ...h, 'webhook-signature': undefined })).toMatchObject(code('webhook.headers-missing'));
  });

  it('refuses timestamps more than 5 minutes old or ahead, even when signed', () => {
    const old = new Date(Date.now() - 6 * 60_000);
    const ahead = new Date(Date.now() + 6 * 60_000);
    expect(verifyInbound(standard, secret, body, sign('msg_1', old))).toMatchObject(code('webhook.timestamp-out-of-range'));
    expect(verifyInbound(standard, secret, body, sign('msg_1', ahead))).toMatchObject(code('webhook.timestamp-out-of-range'));
    expect(verifyInbound(standard, secret, body, sign('msg_1', new Date(Date.now() - 4 * 60_000))).ok).toBe(true);
    expect(verifyInbound(standard, secret, body, { ...sign('msg_1', new Date()), 'webhook-timestamp': '2026-01-01' })).toMatchObject(
      code('webhook.timestamp-invalid'),
    );
  });
});

describe('inbound webhook verification: a partner HMAC header scheme', () => {
  const secret = 'partner-shared-secret-0123456789';
  const body = Buffer.from('{"type":"sale.completed","data":{"saleId":"S-9"}}');
  const now = 1_800_000_000_000;
  const ts = String(now / 1000);
  const digest = (alg: string, content: Buffer | string, key = secret) => createHmac(alg, key).update(content);

  it('GitHub style: sha256 hex over the body with a prefix, id from the body hash', () => {
    const s: HmacSourceSettings = {
      header: 'x-hub-signature-256',
      algorithm: 'sha256',
      encoding: 'hex',
      prefix: 'sha256=',
      signedContent: 'body',
    };
    const header = `sha256=${digest('sha256', body).digest('hex')}`;
    expect(verifyHmac(s, secret, body, { 'x-hub-signature-256': header }, now)).toEqual({
      ok: true,
      webhookId: `sha256:${createHash('sha256').update(body).digest('hex')}`,
      sentAt: null,
    });
    // Upper-case hex is the same digest; no prefix, a wrong prefix or a truncated digest is not.
    expect(
      verifyHmac(s, secret, body, { 'x-hub-signature-256': `sha256=${digest('sha256', body).digest('hex').toUpperCase()}` }, now).ok,
    ).toBe(true);
    expect(verifyHmac(s, secret, body, { 'x-hub-signature-256': header.slice('sha256='.length) }, now)).toMatchObject(
      code('webhook.signature-invalid'),
    );
    expect(verifyHmac(s, secret, body, { 'x-hub-signature-256': header.replace('sha256=', 'sha1=') }, now)).toMatchObject(
      code('webhook.signature-invalid'),
    );
    expect(verifyHmac(s, secret, body, { 'x-hub-signature-256': header.slice(0, -2) }, now)).toMatchObject(
      code('webhook.signature-invalid'),
    );
  });

  it('base64 sha512 over timestamp.body, with the id and timestamp headers', () => {
    const s: HmacSourceSettings = {
      header: 'x-signature',
      algorithm: 'sha512',
      encoding: 'base64',
      signedContent: 'timestamp.body',
      timestampHeader: 'x-timestamp',
      idHeader: 'x-event-id',
    };
    const signature = digest('sha512', `${ts}.${body.toString()}`).digest('base64');
    const headers = { 'x-signature': signature, 'x-timestamp': ts, 'x-event-id': 'evt-1' };
    expect(verifyHmac(s, secret, body, headers, now)).toEqual({ ok: true, webhookId: 'evt-1', sentAt: new Date(now) });
    // The timestamp is signed: moving it breaks the signature; the body alone is not what was signed.
    expect(verifyHmac(s, secret, body, { ...headers, 'x-timestamp': String(now / 1000 + 1) }, now)).toMatchObject(
      code('webhook.signature-invalid'),
    );
    expect(verifyHmac(s, secret, body, { ...headers, 'x-signature': digest('sha512', body).digest('base64') }, now)).toMatchObject(
      code('webhook.signature-invalid'),
    );
    expect(verifyHmac(s, 'another-secret-0123456789', body, headers, now)).toMatchObject(code('webhook.signature-invalid'));
    expect(verifyHmac(s, secret, body, { ...headers, 'x-event-id': undefined }, now)).toMatchObject(code('webhook.headers-missing'));
    expect(verifyHmac(s, secret, body, { ...headers, 'x-timestamp': undefined }, now)).toMatchObject(code('webhook.headers-missing'));
    expect(verifyHmac(s, secret, body, { ...headers, 'x-timestamp': 'yesterday' }, now)).toMatchObject(code('webhook.timestamp-invalid'));
  });

  it('refuses a correctly signed timestamp more than 5 minutes away, and accepts one 4 minutes old', () => {
    const s: HmacSourceSettings = {
      header: 'x-signature',
      algorithm: 'sha1',
      encoding: 'hex',
      signedContent: 'timestamp.body',
      timestampHeader: 'x-timestamp',
    };
    const at = (seconds: number) => {
      const t = String(now / 1000 + seconds);
      return { 'x-timestamp': t, 'x-signature': digest('sha1', `${t}.${body.toString()}`).digest('hex') };
    };
    expect(verifyHmac(s, secret, body, at(-6 * 60), now)).toMatchObject(code('webhook.timestamp-out-of-range'));
    expect(verifyHmac(s, secret, body, at(6 * 60), now)).toMatchObject(code('webhook.timestamp-out-of-range'));
    expect(verifyHmac(s, secret, body, at(-4 * 60), now)).toMatchObject({ ok: true, sentAt: new Date(now - 4 * 60_000) });
  });
});
