import { createHmac } from 'node:crypto';

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The key bytes of a Standard Webhooks secret: base64 after the `whsec_` prefix. */
export function secretKey(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  if (!key.length) throw new Error('the signing secret is empty');
  return key;
}

/**
 * Standard Webhooks headers for one attempt: `webhook-id` is the delivery id (the same on every retry, so the receiver
 * can deduplicate); the timestamp is the attempt's; `webhook-signature` is `v1,<base64 HMAC-SHA256 of id.timestamp.body>`
 * per key, space-separated — two while a secret rotates, so a receiver holding either one verifies. Signed with
 * node:crypto rather than the `standardwebhooks` package on purpose: the receivers in our tests verify with that
 * package, so signer and verifier are two independent implementations of the spec.
 */
export function signDelivery(keys: readonly Buffer[], deliveryId: string, body: string, at: Date = new Date()): SignedHeaders {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const content = `${deliveryId}.${timestamp}.${body}`;
  return {
    'webhook-id': deliveryId,
    'webhook-timestamp': timestamp,
    'webhook-signature': keys.map((k) => `v1,${createHmac('sha256', k).update(content).digest('base64')}`).join(' '),
  };
}
