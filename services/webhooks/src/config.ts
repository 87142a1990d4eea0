import { booleanFromEnv, configFragments, loadConfig } from '@looma-hub/platform';
import { z } from 'zod';
import { parseDuration, parseDurationList } from './common/duration';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseDuration(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    });

export const webhooksConfigShape = {
  ...configFragments.runtime,
  ...configFragments.http(3005),
  ...configFragments.database,
  ...configFragments.kafka,
  ...configFragments.internalApi,
  ...configFragments.secrets,
  /**
   * Delay before each retry after a failed attempt (the first attempt is immediate); one more attempt than entries,
   * then `dead`. The default is the Standard Webhooks schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
   */
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default('5s,5m,30m,2h,5h,10h,10h')
    .transform((text, ctx) => {
      try {
        const list = parseDurationList(text);
        if (list.length > 20) throw new Error('at most 20 retries');
        return list;
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  /** Each retry delay is moved by up to ± this fraction, so endpoints that failed together do not retry together. */
  WEBHOOK_RETRY_JITTER: z.coerce.number().min(0).max(0.5).default(0.2),
  /** Whole-request timeout of one delivery attempt. */
  WEBHOOK_TIMEOUT: duration('15s'),
  /** Optionally, an endpoint is also disabled after this many deliveries in a row went `dead` (0 = only by time). */
  WEBHOOK_DISABLE_AFTER_DEAD: z.coerce.number().int().min(0).default(0),
  /** An endpoint whose every attempt has failed for longer than this is disabled (and the tenant told). */
  WEBHOOK_DISABLE_AFTER: duration('5d'),
  /** Attempts in flight per dispatcher process, all endpoints together… */
  WEBHOOK_DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(128),
  /** …and per endpoint, so a slow endpoint holds at most this many of them (the others keep their pace). */
  WEBHOOK_ENDPOINT_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  /** Longest `Retry-After` honoured (a longer one is cut to this). */
  WEBHOOK_MAX_RETRY_AFTER: duration('1h'),
  /** A claimed delivery is another dispatcher's to take over this long after the request timeout (a crashed one's). */
  WEBHOOK_LEASE_MARGIN: duration('30s'),
  /** Fallback poll of due deliveries (new ones wake the dispatcher by NOTIFY at once). */
  WEBHOOK_POLL_INTERVAL: duration('1s'),
  WEBHOOK_CONSUMER_GROUP: z.string().min(1).default('webhooks'),
  WEBHOOK_CONSUMER_ENABLED: booleanFromEnv.default(true),
  /** Where a consumer group with no committed offsets starts: the oldest retained event (default) or the next new one. */
  WEBHOOK_CONSUMER_FROM_BEGINNING: booleanFromEnv.default(true),
  WEBHOOK_DISPATCHER_ENABLED: booleanFromEnv.default(true),
  /**
   * Allow endpoint URLs on loopback/private networks for every tenant (an operator's override; default false). A
   * tenant in development mode is allowed them anyway.
   */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: booleanFromEnv.default(false),
  /** Largest inbound webhook body accepted (bytes; 413 above). Capped so its event stays under Kafka's 1 MiB message limit. */
  WEBHOOK_INBOUND_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(900 * 1_024)
    .default(256 * 1_024),
};

export type WebhooksConfig = ReturnType<typeof loadWebhooksConfig>;

export function loadWebhooksConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig('webhooks', webhooksConfigShape, env);
}

/** What the delivery code needs, derived once from the config. */
export interface DeliverySettings {
  retryScheduleMs: number[];
  jitter: number;
  timeoutMs: number;
  disableAfterDead: number;
  disableAfterMs: number;
  concurrency: number;
  endpointConcurrency: number;
  maxRetryAfterMs: number;
  leaseMarginMs: number;
  pollIntervalMs: number;
  allowPrivateTargets: boolean;
  databaseUrl: string;
}

export const DELIVERY_SETTINGS = Symbol('DELIVERY_SETTINGS');

export function deliverySettingsOf(config: WebhooksConfig): DeliverySettings {
  return {
    retryScheduleMs: config.WEBHOOK_RETRY_SCHEDULE,
    jitter: config.WEBHOOK_RETRY_JITTER,
    timeoutMs: config.WEBHOOK_TIMEOUT,
    disableAfterDead: config.WEBHOOK_DISABLE_AFTER_DEAD,
    disableAfterMs: config.WEBHOOK_DISABLE_AFTER,
    concurrency: config.WEBHOOK_DISPATCH_CONCURRENCY,
    endpointConcurrency: config.WEBHOOK_ENDPOINT_CONCURRENCY,
    maxRetryAfterMs: config.WEBHOOK_MAX_RETRY_AFTER,
    leaseMarginMs: config.WEBHOOK_LEASE_MARGIN,
    pollIntervalMs: config.WEBHOOK_POLL_INTERVAL,
    allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    databaseUrl: config.DATABASE_URL,
  };
}
