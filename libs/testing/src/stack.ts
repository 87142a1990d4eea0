/** The hub's processes and how they are wired: one definition for `npm start` and the end-to-end tests. */
import { RETAILER_DEMO_TOKEN } from './simulators';

export interface StackPorts {
  gateway: number;
  catalog: number;
  pricing: number;
  orders: number;
  loyalty: number;
  webhooks: number;
  simulators: number;
}

export const DEFAULT_PORTS: StackPorts = {
  gateway: 3000,
  catalog: 3001,
  pricing: 3002,
  orders: 3003,
  loyalty: 3004,
  webhooks: 3005,
  simulators: 4010,
};

export const DEV_ADMIN_KEY = 'local-admin-key-change-me-0000';

export interface StackProcess {
  name: string;
  entry: string;
  /** HTTP port, when the process serves HTTP (health at /health/ready). */
  port?: number;
  /** For workers: the log line that says it polls its task queue. */
  readyLine?: RegExp;
  env: Record<string, string>;
}

const url = (port: number) => `http://127.0.0.1:${port}`;

export function stackProcesses(ports: StackPorts, base: Record<string, string>): StackProcess[] {
  const common = { ...base };
  const workerReady = /worker polling task queue/;
  return [
    {
      name: 'simulators',
      entry: 'simulators/src/main.ts',
      port: ports.simulators,
      env: { ...common, SIMULATORS_PORT: String(ports.simulators) },
    },
    // catalog-sync reads the tenants' retailer connections from their owner, the orders service.
    {
      name: 'catalog-sync',
      entry: 'services/catalog-sync/src/main.ts',
      port: ports.catalog,
      env: { ...common, CONNECTIONS_URL: url(ports.orders) },
    },
    {
      name: 'catalog-worker',
      entry: 'services/catalog-sync/src/worker.ts',
      readyLine: workerReady,
      env: { ...common, CONNECTIONS_URL: url(ports.orders) },
    },
    // pricing-rules reads retailer connections from orders (product prices come as catalog-sync's events).
    {
      name: 'pricing-rules',
      entry: 'services/pricing-rules/src/main.ts',
      port: ports.pricing,
      env: { ...common, CONNECTIONS_URL: url(ports.orders) },
    },
    {
      name: 'pricing-worker',
      entry: 'services/pricing-rules/src/worker.ts',
      readyLine: workerReady,
      env: { ...common, CONNECTIONS_URL: url(ports.orders) },
    },
    { name: 'orders', entry: 'services/orders/src/main.ts', port: ports.orders, env: common },
    { name: 'orders-worker', entry: 'services/orders/src/worker.ts', readyLine: workerReady, env: common },
    { name: 'loyalty', entry: 'services/loyalty/src/main.ts', port: ports.loyalty, env: common },
    { name: 'webhooks', entry: 'services/webhooks/src/main.ts', port: ports.webhooks, env: common },
    {
      name: 'api-gateway',
      entry: 'services/api-gateway/src/main.ts',
      port: ports.gateway,
      env: {
        ...common,
        ADMIN_API_KEY: common.ADMIN_API_KEY ?? DEV_ADMIN_KEY,
        ORDERS_URL: url(ports.orders),
        CATALOG_URL: url(ports.catalog),
        PRICING_URL: url(ports.pricing),
        LOYALTY_URL: url(ports.loyalty),
        WEBHOOKS_URL: url(ports.webhooks),
      },
    },
  ];
}

/**
 * Consumer groups of an environment of its own (`e2e`, `bench`) for every Kafka consumer of the stack, so a dev stack
 * on the same broker never takes its events, nor it the dev stack's.
 */
export function consumerGroups(environment: string): Record<string, string> {
  return {
    WEBHOOK_CONSUMER_GROUP: `webhooks-${environment}`,
    CATALOG_CONSUMER_GROUP: `catalog-sync-${environment}`,
    PRICING_CONSUMER_GROUP: `pricing-rules-${environment}`,
    ORDERS_CONSUMER_GROUP: `orders-${environment}`,
  };
}

/** What `startProcess` needs to start one of the stack's processes. */
export function processOptions(d: StackProcess, timeoutMs = 180_000) {
  return {
    name: d.name,
    entry: d.entry,
    env: d.env,
    ...(d.port ? { port: d.port } : {}),
    ...(d.readyLine ? { readyLine: d.readyLine } : {}),
    timeoutMs,
  };
}

/** Where the retailer simulator posts a tenant's signed sale webhooks: the gateway's public inbound route. */
export function retailerInboundUrl(gatewayUrl: string, tenantId: string): string {
  return `${gatewayUrl}/v1/inbound/${encodeURIComponent(tenantId)}/retailer`;
}

/** Partner settings that point a tenant at the simulators. */
export function simulatorWiring(simulatorsUrl: string, endpointId: string) {
  return {
    retailer: { baseUrl: `${simulatorsUrl}/retailer`, token: RETAILER_DEMO_TOKEN },
    webhookUrl: `${simulatorsUrl}/chat/webhooks/${endpointId}`,
  };
}
