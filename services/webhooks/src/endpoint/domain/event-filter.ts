import { OptInWebhookEventTypes, OutboundWebhookEventTypes, type OrderStatus } from '@looma-hub/contracts';
import type { FieldError } from '@looma-hub/platform';

/** The outbound event type of an order status change: COMPLETED → `order.completed`. */
export function eventTypeOfOrderStatus(status: OrderStatus): string {
  return `order.${status.toLowerCase()}`;
}

/**
 * Whether an endpoint subscribed to `filter` wants `type`. No filter (null or empty) means every order event;
 * entries are exact types, `order.*` (a prefix) or `*`. Opt-in types (the catalog stream) match only their own name.
 */
export function matchesEventFilter(filter: readonly string[] | null | undefined, type: string): boolean {
  if (OptInWebhookEventTypes.includes(type)) return filter?.includes(type) ?? false;
  if (!filter?.length) return true;
  return filter.some((f) => f === '*' || f === type || (f.endsWith('.*') && type.startsWith(f.slice(0, -1))));
}

/** Every entry must name (or cover) an event the hub sends, so a typo fails at registration, not silently. */
export function eventFilterErrors(filter: readonly unknown[], field = 'events'): FieldError[] {
  const errors: FieldError[] = [];
  filter.forEach((entry, i) => {
    if (typeof entry !== 'string' || !OutboundWebhookEventTypes.some((t) => matchesEventFilter([entry], t))) {
      errors.push({
        field: `${field}[${i}]`,
        message: `unknown event type ${JSON.stringify(entry)}; use one of ${OutboundWebhookEventTypes.join(', ')}, order.* or *`,
      });
    }
  });
  if (new Set(filter).size !== filter.length) errors.push({ field, message: 'event types must not repeat' });
  return errors;
}
