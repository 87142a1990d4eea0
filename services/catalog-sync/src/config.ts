import { booleanFromEnv, configFragments, loadConfig } from '@looma-hub/platform';
import { TaskQueues } from '@looma-hub/contracts';
import { z } from 'zod';

export const catalogConfigShape = {
  ...configFragments.runtime,
  ...configFragments.http(3001),
  ...configFragments.database,
  ...configFragments.kafka,
  ...configFragments.temporal,
  ...configFragments.internalApi,
  ...configFragments.secrets,
  ...configFragments.connections,
  /** Consumer group of the connection-changed consumer; another environment on the same Kafka uses another group. */
  CATALOG_CONSUMER_GROUP: z.string().min(1).default('catalog-sync'),
  /** Read the connection-changed topic from its start when the group is new (tests start at its end). */
  CATALOG_CONSUMER_FROM_BEGINNING: booleanFromEnv.default(true),
  /** Products asked of the retailer per page (one COPY and one upsert per page; the contract allows up to 5,000). */
  CATALOG_SYNC_PAGE_SIZE: z.coerce.number().int().min(1).max(5_000).default(1_000),
  /** product-changed events per Kafka request of the change feed. */
  CATALOG_FEED_BATCH_SIZE: z.coerce.number().int().min(1).max(20_000).default(2_000),
  /** Compression of the change feed's Kafka batches (gzip: fewer bytes for the broker, more CPU here). */
  CATALOG_FEED_COMPRESSION: z.enum(['none', 'gzip']).default('none'),
  /** How often the promotion clock re-announces products whose promotion started or ended. */
  CATALOG_PROMOTION_TICK_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /**
   * Task queue of the sync workflows and their activities. `catalog` everywhere real; tests use a queue of
   * their own so a worker of another run on the same Temporal namespace never picks up their tasks.
   */
  CATALOG_TASK_QUEUE: z.string().min(1).default(TaskQueues.catalog),
  /** How often each tenant's incremental sync runs (its Temporal Schedule). */
  CATALOG_SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
};

export type CatalogConfig = ReturnType<typeof loadCatalogConfig>;

export function loadCatalogConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig('catalog-sync', catalogConfigShape, env);
}

/** Nest token for the loaded config (the activities and the scheduler read their knobs from it). */
export const CATALOG_CONFIG = Symbol('CATALOG_CONFIG');
