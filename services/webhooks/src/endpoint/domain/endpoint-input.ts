import { randomBytes } from 'node:crypto';
import type { FieldError } from '@looma-hub/platform';

export const MAX_CUSTOM_HEADERS = 5;

/** Headers the hub sets itself: a custom header may not replace them. */
const RESERVED = new Set([
  'content-type',
  'content-length',
  'host',
  'user-agent',
  'connection',
  'transfer-encoding',
  'expect',
  'te',
  'upgrade',
]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
// Visible ASCII, space and tab; no CR/LF (header injection) and no other control characters.
const VALUE = /^[\t\x20-\x7e]{1,2048}$/;

/** Checks an endpoint's custom headers (at most five; names are HTTP tokens; values single-line). */
export function customHeaderErrors(headers: unknown, field = 'headers'): FieldError[] {
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) {
    return [{ field, message: 'must be an object of header name → value' }];
  }
  const entries = Object.entries(headers as Record<string, unknown>);
  const errors: FieldError[] = [];
  if (entries.length > MAX_CUSTOM_HEADERS) errors.push({ field, message: `at most ${MAX_CUSTOM_HEADERS} custom headers` });
  const seen = new Set<string>();
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    if (!TOKEN.test(name)) errors.push({ field: `${field}.${name}`, message: 'not a valid header name' });
    else if (RESERVED.has(lower) || lower.startsWith('webhook-')) {
      errors.push({ field: `${field}.${name}`, message: 'is set by the hub and cannot be overridden' });
    }
    if (seen.has(lower)) errors.push({ field: `${field}.${name}`, message: 'repeats another header name' });
    seen.add(lower);
    if (typeof value !== 'string' || !VALUE.test(value)) {
      errors.push({ field: `${field}.${name}`, message: 'value must be a single-line string of 1–2048 visible characters' });
    }
  }
  return errors;
}

const WHSEC = /^whsec_([A-Za-z0-9+/]+={0,2})$/;

/** A new Standard Webhooks secret: `whsec_` + 32 random bytes, base64. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** A given secret must be a Standard Webhooks secret: `whsec_` + base64 of 24–64 bytes. */
export function webhookSecretErrors(secret: string, field = 'secret'): FieldError[] {
  const m = WHSEC.exec(secret);
  const bytes = m?.[1] ? Buffer.from(m[1], 'base64') : undefined;
  if (!m?.[1] || !bytes || bytes.toString('base64').replace(/=+$/, '') !== m[1].replace(/=+$/, '')) {
    return [{ field, message: 'must be whsec_ followed by base64 (Standard Webhooks secret)' }];
  }
  if (bytes.length < 24 || bytes.length > 64) return [{ field, message: `must encode 24 to 64 bytes, got ${bytes.length}` }];
  return [];
}
