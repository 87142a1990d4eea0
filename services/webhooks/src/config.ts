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
  /** Delay before each retry after a failed attempt; one more attempt than entries, then `dead`. */
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default('10s,1m,5m,30m,2h,6h,12h')
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
  WEBHOOK_TIMEOUT: duration('10s'),
  /** An endpoint is disabled after this many deliveries in a row went `dead`… */
  WEBHOOK_DISABLE_AFTER_DEAD: z.coerce.number().int().min(1).default(20),
  /** …or when every attempt has failed for longer than this. */
  WEBHOOK_DISABLE_AFTER: duration('24h'),
  WEBHOOK_DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  /** Fallback poll of due deliveries (new ones wake the dispatcher by NOTIFY at once). */
  WEBHOOK_POLL_INTERVAL: duration('1s'),
  WEBHOOK_CONSUMER_GROUP: z.string().min(1).default('webhooks'),
  WEBHOOK_CONSUMER_ENABLED: booleanFromEnv.default(true),
  /** Where a consumer group with no committed offsets starts: the oldest retained event (default) or the next new one. */
  WEBHOOK_CONSUMER_FROM_BEGINNING: booleanFromEnv.default(true),
  WEBHOOK_DISPATCHER_ENABLED: booleanFromEnv.default(true),
  /** Allow endpoint URLs on loopback/private networks (default: everywhere but production). */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: booleanFromEnv.optional(),
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
    pollIntervalMs: config.WEBHOOK_POLL_INTERVAL,
    allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? config.NODE_ENV !== 'production',
    databaseUrl: config.DATABASE_URL,
  };
}
