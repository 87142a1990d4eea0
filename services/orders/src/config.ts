import { booleanFromEnv, configFragments, loadConfig } from '@looma-hub/platform';
import { z } from 'zod';

export const ordersConfigShape = {
  ...configFragments.runtime,
  ...configFragments.http(3003),
  ...configFragments.database,
  ...configFragments.kafka,
  ...configFragments.temporal,
  ...configFragments.internalApi,
  ...configFragments.secrets,
  /** Consumer group of the retailer's sale webhooks (`hub.inbound.retailer.v1`); another environment on the same Kafka uses another. */
  ORDERS_CONSUMER_GROUP: z.string().min(1).default('orders'),
  /** Where a group with no committed offsets starts: the oldest retained event (default) or the next new one. */
  ORDERS_CONSUMER_FROM_BEGINNING: booleanFromEnv.default(true),
};

export type OrdersConfig = ReturnType<typeof loadOrdersConfig>;

export function loadOrdersConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig('orders', ordersConfigShape, env);
}

export const ORDERS_CONFIG = Symbol('ORDERS_CONFIG');
