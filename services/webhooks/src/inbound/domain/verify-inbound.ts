import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type HmacSourceSettings, WebhookErrors } from '@looma-hub/contracts';
import type { ErrorCode } from '@looma-hub/domain';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export type InboundVerification = { ok: true; webhookId: string; sentAt: Date | null } | { ok: false; code: ErrorCode; detail: string };

export type InboundHeaders = Record<string, string | string[] | undefined>;

/** How a source signs: Standard Webhooks, or its own HMAC header scheme. */
export type VerificationScheme = { scheme: 'standard-webhooks' } | ({ scheme: 'hmac' } & HmacSourceSettings);

/** Longest id we store. */
export const MAX_WEBHOOK_ID = 255;

/** A signed timestamp further than this from now (either way) is refused: replays of old captures do not pass. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

/** Checks a partner's request by its source's scheme, over the exact bytes received. */
export function verifyInbound(
  scheme: VerificationScheme,
  secret: string,
  rawBody: Buffer,
  headers: InboundHeaders,
  nowMs = Date.now(),
): InboundVerification {
  return scheme.scheme === 'hmac' ? verifyHmac(scheme, secret, rawBody, headers, nowMs) : verifyStandardWebhooks(secret, rawBody, headers);
}

const single = (headers: InboundHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Standard Webhooks: the three headers, a timestamp within 5 minutes of now, and an HMAC-SHA256 over
 * `id.timestamp.rawBody` with the source's `whsec_` secret (any of several `v1,` signatures, for rotations).
 */
export function verifyStandardWebhooks(secret: string, rawBody: Buffer, headers: InboundHeaders): InboundVerification {
  const webhookId = single(headers, 'webhook-id');
  const timestamp = single(headers, 'webhook-timestamp');
  const signature = single(headers, 'webhook-signature');
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
    // The library compares in constant time and applies the same 5-minute tolerance.
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

/**
 * A partner's own HMAC header scheme (GitHub's `x-hub-signature-256: sha256=<hex>`, Shopify's base64 digest, …):
 * the digest of the body — or of `<timestamp>.<body>` — with the secret, in the configured header, encoding and
 * prefix, compared in constant time. A timestamp header, when configured, must be within 5 minutes of now; the id
 * header, when configured, is the dedupe id, else the sha256 of the body is.
 */
export function verifyHmac(
  settings: HmacSourceSettings,
  secret: string,
  rawBody: Buffer,
  headers: InboundHeaders,
  nowMs = Date.now(),
): InboundVerification {
  const signature = single(headers, settings.header)?.trim();
  const timestamp = settings.timestampHeader ? single(headers, settings.timestampHeader)?.trim() : undefined;
  const id = settings.idHeader ? single(headers, settings.idHeader)?.trim() : undefined;
  const required = [settings.header, settings.timestampHeader, settings.idHeader].filter((h): h is string => h !== undefined);
  if (!signature || (settings.timestampHeader && !timestamp) || (settings.idHeader && !id)) {
    return {
      ok: false,
      code: WebhookErrors.HeadersMissing,
      detail: `${required.join(', ')} ${required.length > 1 ? 'are' : 'is'} required`,
    };
  }
  if (id !== undefined && id.length > MAX_WEBHOOK_ID) {
    return { ok: false, code: WebhookErrors.HeadersMissing, detail: `${settings.idHeader} is longer than ${MAX_WEBHOOK_ID} characters` };
  }
  let sentAt: Date | null = null;
  if (timestamp !== undefined) {
    if (!/^\d{1,12}$/.test(timestamp)) {
      return { ok: false, code: WebhookErrors.TimestampInvalid, detail: `${settings.timestampHeader} must be Unix seconds` };
    }
    if (Math.abs(nowMs / 1000 - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) {
      return {
        ok: false,
        code: WebhookErrors.TimestampOutOfRange,
        detail: `${settings.timestampHeader} is more than 5 minutes away from now`,
      };
    }
    sentAt = new Date(Number(timestamp) * 1000);
  }
  const signed = settings.signedContent === 'timestamp.body' ? Buffer.concat([Buffer.from(`${timestamp}.`), rawBody]) : rawBody;
  const expected = createHmac(settings.algorithm, secret).update(signed).digest();
  const presented = decodeDigest(signature, settings.encoding, settings.prefix);
  if (!presented || presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    return {
      ok: false,
      code: WebhookErrors.SignatureInvalid,
      detail: `${settings.header} does not match the body with this source's secret`,
    };
  }
  return { ok: true, webhookId: id ?? `sha256:${createHash('sha256').update(rawBody).digest('hex')}`, sentAt };
}

/** The digest bytes a header carries, or null when it is not in the configured form. */
function decodeDigest(value: string, encoding: 'hex' | 'base64', prefix: string | undefined): Buffer | null {
  let text = value;
  if (prefix) {
    if (text.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return null;
    text = text.slice(prefix.length);
  }
  if (encoding === 'hex') return /^(?:[0-9a-fA-F]{2})+$/.test(text) ? Buffer.from(text, 'hex') : null;
  // Standard or URL-safe alphabet, padded or not.
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : null;
}
