import { InternalClient } from '@looma-hub/platform';
import type { GatewayConfig } from '../config';

export const ORDERS_API = Symbol('ORDERS_API');
export const CATALOG_API = Symbol('CATALOG_API');
export const WEBHOOKS_API = Symbol('WEBHOOKS_API');

/** The owning services' internal APIs, reached over loopback / the cluster network. */
export function internalClientProviders(config: GatewayConfig) {
  return [
    { provide: ORDERS_API, useValue: new InternalClient('orders', config.ORDERS_URL, config.INTERNAL_API_TOKEN) },
    { provide: CATALOG_API, useValue: new InternalClient('catalog', config.CATALOG_URL, config.INTERNAL_API_TOKEN) },
    { provide: WEBHOOKS_API, useValue: new InternalClient('webhooks', config.WEBHOOKS_URL, config.INTERNAL_API_TOKEN) },
  ];
}
