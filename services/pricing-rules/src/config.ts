import { TaskQueues } from '@looma-hub/contracts';
import { booleanFromEnv, configFragments, loadConfig } from '@looma-hub/platform';
import { z } from 'zod';

export const configShape = {
  ...configFragments.runtime,
  ...configFragments.http(3002),
  ...configFragments.database,
  ...configFragments.kafka,
  ...configFragments.internalApi,
  ...configFragments.secrets,
  ...configFragments.temporal,
  ...configFragments.connections,
  /** How long a quote waits for the retailer's eligibility check. */
  PRICING_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2_000),
  /** Task queue of the rule syncs; tests use their own so another run's worker never takes their tasks. */
  PRICING_TASK_QUEUE: z.string().min(1).default(TaskQueues.pricing),
  /** How often each connected tenant's rules are pulled from the retailer (its Temporal Schedule). */
  PRICING_SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  /** How long a customer's eligibility answer is reused, unless the tenant sets its own. */
  PRICING_ELIGIBILITY_TTL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  /** Consumer group of the connection-changed and retailer pricing consumers; another environment uses another group. */
  PRICING_CONSUMER_GROUP: z.string().min(1).default('pricing-rules'),
  PRICING_CONSUMER_FROM_BEGINNING: booleanFromEnv.default(true),
  /** How long a coupon use reserved by an order is held if the sale is never confirmed (30 min). */
  PRICING_COUPON_RESERVATION_TTL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(1_800_000),
  /** How often the HTTP process expires coupon reservations past their time. */
  PRICING_COUPON_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
};

export type ServiceConfig = ReturnType<typeof loadServiceConfig>;

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig('pricing-rules', configShape, env);
}

/** Nest token for the loaded config. */
export const PRICING_CONFIG = Symbol('PRICING_CONFIG');
