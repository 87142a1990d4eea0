/** Kafka topics: `hub.<domain>.<event>.v<version>`, keyed by `<tenantId>:<aggregateId>`. */
export const Topics = {
  orderStatusChanged: 'hub.orders.order-status-changed.v1',
  productChanged: 'hub.catalog.product-changed.v1',
  /** A webhook endpoint the hub disabled (410 Gone, or failing without a success for too long): the tenant is told. */
  webhookEndpointDisabled: 'hub.webhooks.endpoint-disabled.v1',
  connectionChanged: 'hub.tenants.connection-changed.v1',
  /** A product change in Looma's shape, for the tenant's Looma workspaces (webhooks delivers it as `looma.product.changed`). */
  loomaProductOffered: 'hub.channels.looma-product-offered.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** A partner's inbound webhook, signature checked and deduplicated: one topic per source (`retailer`, `erp`, …). */
export function inboundTopic(source: string): string {
  return `hub.inbound.${source}.v1`;
}

/** Poison messages go to `<topic>.dlq` with the error in headers. */
export function dlqTopic(topic: string): string {
  return `${topic}.dlq`;
}

export function eventKey(tenantId: string, aggregateId: string): string {
  return `${tenantId}:${aggregateId}`;
}
