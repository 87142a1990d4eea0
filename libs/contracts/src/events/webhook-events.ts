/** `hub.inbound.<source>.v1`: a partner's webhook, signature checked and deduplicated by its id. */
export interface InboundWebhookReceivedV1 {
  tenantId: string;
  /** Who sent it, as configured per tenant (e.g. `retailer`, `erp`, `chat`). */
  source: string;
  /**
   * The deduplication key, unique per tenant and source: the sender's `webhook-id` (Standard Webhooks), the source's
   * id header (`hmac` scheme), or `sha256:<hex of the body>` when that scheme has none.
   */
  webhookId: string;
  /** The sender's signed timestamp (`webhook-timestamp`, or the `hmac` scheme's timestamp header) as ISO 8601; null when the scheme has none. */
  sentAt: string | null;
  receivedAt: string;
  /** `type` of the payload when it has one (Standard Webhooks payloads do), else null. */
  type: string | null;
  /** The JSON body as sent. */
  payload: unknown;
}

/**
 * Event types the hub delivers to a tenant's webhook endpoints: one per order status (a status change to COMPLETED is
 * `order.completed` ("sale completed"), to CANCELLED `order.cancelled`, and so on), and the catalog in Looma's shape
 * (`looma.product.changed`), which an endpoint only gets when it names it.
 */
export const OutboundWebhookEventTypes = [
  'order.received',
  'order.registered',
  'order.completed',
  'order.cancelled',
  'order.failed',
  'looma.product.changed',
  'product.changed',
  'webhook.endpoint.disabled',
] as const;

/** Types delivered only to endpoints that name them exactly: a `*` or an empty filter does not bring a catalog stream. */
export const OptInWebhookEventTypes: readonly string[] = ['looma.product.changed', 'product.changed'];

/**
 * How an endpoint wants its bodies:
 * - `standard`: Standard Webhooks `{ type, timestamp, data }` (the default);
 * - `looma`: Looma's cart status `{ workspaceId, cartId, status }` (`processing|shipped|finished|cancelled` only) with
 *   the hub's ids, and Looma-shaped products;
 * - `omnichat`: OmniChat's status-change call, `POST <url>/v2/orders/{orderId}/statusChange` with
 *   `{ responsible, status, message, orderGwId }` (order events only);
 * - `cloudevents`: a CloudEvents 1.0 structured-mode JSON event (`application/cloudevents+json`).
 * Every format is signed the same way (Standard Webhooks headers over the exact body).
 */
export const WebhookFormats = ['standard', 'looma', 'omnichat', 'cloudevents'] as const;
export type WebhookFormat = (typeof WebhookFormats)[number];

/** `hub.webhooks.endpoint-disabled.v1` */
export interface WebhookEndpointDisabledV1 {
  tenantId: string;
  endpointId: string;
  url: string;
  reason: string;
  disabledAt: string;
}
export type OutboundWebhookEventType = (typeof OutboundWebhookEventTypes)[number];

/**
 * Body of every outbound delivery (Standard Webhooks shape); headers `webhook-id` (the delivery id, stable
 * across retries), `webhook-timestamp` and `webhook-signature` sign `<id>.<timestamp>.<body>`.
 */
export interface OutboundWebhookBody<T = unknown> {
  type: string;
  timestamp: string;
  data: T & { tenantId: string; eventId: string };
}
