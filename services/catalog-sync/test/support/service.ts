import { testEnv } from '@looma-hub/testing';
import type { DataSource } from 'typeorm';

export const INTERNAL_TOKEN = 'catalog-int-test-internal-token';

/** The environment a catalog-sync process under test reads: the local engines, migrations run at start. */
export function serviceEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = testEnv();
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    HTTP_PORT: '0',
    DATABASE_URL: env.DATABASE_URL,
    DATABASE_POOL_SIZE: '5',
    DATABASE_MIGRATIONS_RUN: 'true',
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
    INTERNAL_API_TOKEN: INTERNAL_TOKEN,
    ...overrides,
  };
}

/** Removes what a run wrote for its tenants, so the shared test database does not grow run after run. */
export async function deleteTenantRows(ds: DataSource, tenantIds: string[]): Promise<void> {
  for (const table of ['product', 'sync_state', 'retailer_connection', 'outbox']) {
    await ds.query(`DELETE FROM "catalog"."${table}" WHERE tenant_id = ANY($1)`, [tenantIds]);
  }
}
