import { WebhookErrors } from '@looma-hub/contracts';
import type { ErrorCode } from '@looma-hub/domain';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export type InboundVerification = { ok: true; webhookId: string; sentAt: Date } | { ok: false; code: ErrorCode; detail: string };

/** Longest `webhook-id` we store. */
export const MAX_WEBHOOK_ID = 255;

/**
 * Checks a partner's Standard Webhooks request: the three headers, a timestamp within 5 minutes of now
 * (either way; replays of old captures are refused), and an HMAC over `id.timestamp.rawBody` made with the
 * source's secret. The body must be the exact bytes received.
 */
export function verifyInbound(
  secret: string,
  rawBody: Buffer,
  headers: Record<string, string | string[] | undefined>,
): InboundVerification {
  const single = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const webhookId = single('webhook-id');
  const timestamp = single('webhook-timestamp');
  const signature = single('webhook-signature');
  if (!webhookId || !timestamp || !signature) {
    return { ok: false, code: WebhookErrors.HeadersMissing, detail: 'webhook-id, webhook-timestamp and webhook-signature are required' };
  }
  if (webhookId.length > MAX_WEBHOOK_ID) {
    return { ok: false, code: WebhookErrors.HeadersMissing, detail: `webhook-id is longer than ${MAX_WEBHOOK_ID} characters` };
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, code: WebhookErrors.TimestampInvalid, detail: 'webhook-timestamp must be Unix seconds' };
  }
  try {
    new Webhook(secret).verify(
      rawBody,
      { 'webhook-id': webhookId, 'webhook-timestamp': timestamp, 'webhook-signature': signature },
      { jsonParse: false },
    );
  } catch (err) {
    if (err instanceof WebhookVerificationError && /timestamp too (old|new)/i.test(err.message)) {
      return { ok: false, code: WebhookErrors.TimestampOutOfRange, detail: 'webhook-timestamp is more than 5 minutes away from now' };
    }
    return {
      ok: false,
      code: WebhookErrors.SignatureInvalid,
      detail: "webhook-signature does not match the body with this source's secret",
    };
  }
  return { ok: true, webhookId, sentAt: new Date(Number(timestamp) * 1000) };
}
