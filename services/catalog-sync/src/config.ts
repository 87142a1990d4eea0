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
  /** Products asked of the retailer per page (one activity, one upsert, one transaction). */
  CATALOG_SYNC_PAGE_SIZE: z.coerce.number().int().min(1).max(500).default(100),
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
