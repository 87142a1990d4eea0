import { randomUUID } from 'node:crypto';
import { type CloudEvent, type ConnectionChangedV1, Topics } from '@looma-hub/contracts';
import { freePort, type ServiceProcess, startProcess, testEnv } from '@looma-hub/testing';
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

/**
 * The owner of the tenants' partner connections, a real orders HTTP process (catalog-sync reads the retailer
 * connection from it), sharing this file's internal token.
 */
export async function startConnectionsOwner(): Promise<ServiceProcess> {
  const env = testEnv();
  return startProcess({
    name: 'orders (connections owner)',
    entry: 'services/orders/src/main.ts',
    port: await freePort(),
    env: {
      DATABASE_URL: env.DATABASE_URL,
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
      TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
      INTERNAL_API_TOKEN: INTERNAL_TOKEN,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
    },
  });
}

/** A connection-changed event for a tenant that has no connection: the consumer checks the owner and does nothing. */
export function connectionChangedProbe(): CloudEvent<ConnectionChangedV1> {
  const tenantId = `probe-${randomUUID().slice(0, 8)}`;
  const at = new Date().toISOString();
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: 'looma-hub/test',
    type: Topics.connectionChanged,
    subject: 'retailer',
    time: at,
    datacontenttype: 'application/json',
    tenantid: tenantId,
    data: { tenantId, kind: 'retailer', revision: 1, changed: ['baseUrl', 'timeoutMs', 'token'], removed: false, occurredAt: at },
  };
}

/** Removes what a run wrote for its tenants, so the shared test database does not grow run after run. */
export async function deleteTenantRows(ds: DataSource, tenantIds: string[]): Promise<void> {
  for (const table of [
    'product',
    'sync_state',
    'outbox',
    'quarantined_item',
    'stock_reservation',
    'search_term',
    'sync_run',
    'looma_channel',
  ]) {
    await ds.query(`DELETE FROM "catalog"."${table}" WHERE tenant_id = ANY($1)`, [tenantIds]);
  }
  for (const table of ['partner_connection', 'outbox']) {
    await ds.query(`DELETE FROM "orders"."${table}" WHERE tenant_id = ANY($1)`, [tenantIds]).catch(() => undefined);
  }
}
