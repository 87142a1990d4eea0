import { configFragments, loadConfig } from '@looma-hub/platform';
import { z } from 'zod';

const serviceUrl = (port: number) => z.string().url().default(`http://127.0.0.1:${port}`);

export const gatewayConfigShape = {
  ...configFragments.runtime,
  ...configFragments.http(3000),
  ...configFragments.database,
  ...configFragments.temporal,
  ...configFragments.internalApi,
  /** Protects /admin routes. Required to be set (not the dev default) in production. */
  ADMIN_API_KEY: z.string().min(24, 'at least 24 characters').default('local-admin-key-change-me-0000'),
  ORDERS_URL: serviceUrl(3003),
  CATALOG_URL: serviceUrl(3001),
  PRICING_URL: serviceUrl(3002),
  LOYALTY_URL: serviceUrl(3004),
  WEBHOOKS_URL: serviceUrl(3005),
  /** How often tenants being deleted are purged again in the services that did not confirm yet. */
  TENANT_PURGE_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  /** A deleted tenant's row (and id) stays this long at least, so a request that timed out cannot commit after the last purge. */
  // Longer than the longest activity (a catalog page may take 2 minutes), so nothing a terminated saga still does outlives the last purge.
  TENANT_PURGE_SETTLE_MS: z.coerce.number().int().min(0).max(3_600_000).default(150_000),
  /**
   * Largest inbound webhook body the gateway relays (bytes; 413 above). The webhooks service applies its own
   * WEBHOOK_INBOUND_MAX_BYTES behind; the default is that setting's ceiling, so only the service's limit binds.
   */
  INBOUND_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(900 * 1_024)
    .default(900 * 1_024),
  /** Public base URL shown in OpenAPI `servers`. */
  PUBLIC_URL: z.string().url().optional(),
};

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig('api-gateway', gatewayConfigShape, env);
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
