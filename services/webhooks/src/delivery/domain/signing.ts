import { Webhook } from 'standardwebhooks';

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The JSON body of an outbound delivery: `{ type, timestamp, data }`. */
export function deliveryBody(type: string, eventTime: Date, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: eventTime.toISOString(), data });
}

/**
 * Standard Webhooks headers for one attempt: `webhook-id` is the delivery id (the same on every retry, so
 * the receiver can deduplicate); the timestamp is the attempt's; the signature covers `id.timestamp.body`.
 */
export function signDelivery(secret: string, deliveryId: string, body: string, at: Date = new Date()): SignedHeaders {
  return {
    'webhook-id': deliveryId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(deliveryId, at, body),
  };
}
