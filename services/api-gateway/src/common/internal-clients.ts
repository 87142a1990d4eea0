import { InternalClient } from '@looma-hub/platform';
import type { GatewayConfig } from '../config';

export const ORDERS_API = Symbol('ORDERS_API');
export const CATALOG_API = Symbol('CATALOG_API');
export const WEBHOOKS_API = Symbol('WEBHOOKS_API');
export const PRICING_API = Symbol('PRICING_API');
export const LOYALTY_API = Symbol('LOYALTY_API');
/** The webhooks service's public receiver, which answers once the event is on Kafka (it waits up to ~10 s for that). */
export const WEBHOOKS_INBOUND = Symbol('WEBHOOKS_INBOUND');

/** The services that relay an outbox (each answers for its parked rows), by the name ops use. */
export const OUTBOX_SERVICES = ['orders', 'catalog-sync', 'webhooks', 'pricing-rules', 'loyalty'] as const;
export type OutboxService = (typeof OUTBOX_SERVICES)[number];

/** The owning services' internal APIs, reached over loopback / the cluster network. */
export function internalClientProviders(config: GatewayConfig) {
  return [
    { provide: ORDERS_API, useValue: new InternalClient('orders', config.ORDERS_URL, config.INTERNAL_API_TOKEN) },
    { provide: CATALOG_API, useValue: new InternalClient('catalog', config.CATALOG_URL, config.INTERNAL_API_TOKEN) },
    { provide: WEBHOOKS_API, useValue: new InternalClient('webhooks', config.WEBHOOKS_URL, config.INTERNAL_API_TOKEN) },
    { provide: PRICING_API, useValue: new InternalClient('pricing-rules', config.PRICING_URL, config.INTERNAL_API_TOKEN) },
    { provide: LOYALTY_API, useValue: new InternalClient('loyalty', config.LOYALTY_URL, config.INTERNAL_API_TOKEN) },
    { provide: WEBHOOKS_INBOUND, useValue: new InternalClient('webhooks', config.WEBHOOKS_URL, config.INTERNAL_API_TOKEN, 15_000) },
  ];
}
