import { configFragments, loadConfig } from '@looma-hub/platform';

export const ordersConfigShape = {
  ...configFragments.runtime,
  ...configFragments.http(3003),
  ...configFragments.database,
  ...configFragments.kafka,
  ...configFragments.temporal,
  ...configFragments.internalApi,
  ...configFragments.secrets,
};

export type OrdersConfig = ReturnType<typeof loadOrdersConfig>;

export function loadOrdersConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig('orders', ordersConfigShape, env);
}
