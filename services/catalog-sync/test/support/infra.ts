import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/** The engines the integration tests run against (deploy/local/infra.sh); tests use a separate database. */
export const testEnv = {
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://looma:looma@127.0.0.1:55432/looma_test',
  kafkaBrokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:19092',
  temporalAddress: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
  temporalTestServer:
    process.env.TEMPORAL_TEST_SERVER ?? `${process.env.HOME ?? '/root'}/.cache/looma-hub/venv/bin/temporal-test-server`,
  internalToken: 'catalog-int-test-internal-token',
};

/** Creates the test database when missing (several suites may race to do it: a duplicate is fine). */
export async function ensureTestDatabase(databaseUrl = testEnv.databaseUrl): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
        // 42P04 duplicate_database, 23505 when two creators collide on the catalog row.
        if (err.code !== '42P04' && err.code !== '23505') throw err;
      });
    }
  } finally {
    await client.end();
  }
}

/** A tenant id no other run uses, so suites never see each other's rows, schedules or workflows. */
export function uniqueTenantId(label: string): string {
  return `t-cat-${label}-${randomUUID().slice(0, 8)}`;
}

/** The environment a catalog-sync process under test reads. */
export function serviceEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    HTTP_PORT: '0',
    DATABASE_URL: testEnv.databaseUrl,
    DATABASE_POOL_SIZE: '5',
    DATABASE_MIGRATIONS_RUN: 'true',
    KAFKA_BROKERS: testEnv.kafkaBrokers,
    TEMPORAL_ADDRESS: testEnv.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    INTERNAL_API_TOKEN: testEnv.internalToken,
    ...overrides,
  };
}

/** Polls `check` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Removes what a run wrote for its tenants, so the shared test database does not grow run after run. */
export async function deleteTenantRows(ds: DataSource, tenantIds: string[]): Promise<void> {
  for (const table of ['product', 'sync_state', 'retailer_connection', 'outbox']) {
    await ds.query(`DELETE FROM "catalog"."${table}" WHERE tenant_id = ANY($1)`, [tenantIds]);
  }
}
