import { type WebhookFormat, WebhookFormats } from '@looma-hub/contracts';
import type { FieldError } from '@looma-hub/platform';

export const DEFAULT_WEBHOOK_FORMAT: WebhookFormat = 'standard';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isWebhookFormat(value: unknown): value is WebhookFormat {
  return typeof value === 'string' && (WebhookFormats as readonly string[]).includes(value);
}

/** What each format takes in `options`: a checker per option; any other key is refused (a typo fails here, not at send). */
const OPTIONS: Record<WebhookFormat, Record<string, (value: unknown) => string | null>> = {
  standard: {},
  cloudevents: {},
  looma: {
    /** Looma's workspace of the carts (and the one whose products go out). */
    workspaceId: (v) => (typeof v === 'string' && UUID.test(v) ? null : 'must be a UUID'),
  },
  omnichat: {
    /** Who the status change is attributed to in OmniChat (`Looma Hub` when absent). */
    responsible: (v) => (typeof v === 'string' && v.trim().length >= 1 && v.length <= 100 ? null : 'must be a string of 1–100 characters'),
  },
};

/** Checks `options` against what `format` takes, naming each bad key (`options.workspaceId`). */
export function formatOptionsErrors(format: WebhookFormat, options: unknown, field = 'options'): FieldError[] {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return [{ field, message: 'must be an object' }];
  const known = OPTIONS[format];
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(options as Record<string, unknown>)) {
    const check = known[key];
    if (!check) {
      const allowed = Object.keys(known);
      errors.push({
        field: `${field}.${key}`,
        message: `not an option of the ${format} format${allowed.length ? ` (it takes ${allowed.join(', ')})` : ' (it takes none)'}`,
      });
      continue;
    }
    const message = check(value);
    if (message) errors.push({ field: `${field}.${key}`, message });
  }
  return errors;
}

/**
 * OmniChat's status-change call exists for orders only: its endpoints may name `order.*` or `order.<status>`, nothing
 * else (no `*`, no catalog or endpoint events). No filter is fine: the format takes only the order events anyway.
 */
export function formatFilterErrors(format: WebhookFormat, events: readonly unknown[] | null | undefined, field = 'events'): FieldError[] {
  if (format !== 'omnichat' || !events) return [];
  const errors: FieldError[] = [];
  events.forEach((entry, i) => {
    if (typeof entry === 'string' && !entry.startsWith('order.')) {
      errors.push({
        field: `${field}[${i}]`,
        message: `the omnichat format delivers order events only (order.* or order.<status>), not ${JSON.stringify(entry)}`,
      });
    }
  });
  return errors;
}
