import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/** Endpoints of the local engines for tests (what `npm test` exports; defaults match deploy/local/infra.sh). */
export function testEnv() {
  const cache = process.env.LOOMA_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'looma-hub');
  return {
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://looma:looma@127.0.0.1:55432/looma_test',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:19092',
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE ?? 'default',
    TEMPORAL_TEST_SERVER: process.env.TEMPORAL_TEST_SERVER ?? path.join(cache, 'venv', 'bin', 'temporal-test-server'),
  };
}

/** Creates the test database if it does not exist yet. */
export async function ensureTestDatabase(databaseUrl = testEnv().DATABASE_URL): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((err: Error) => {
        if (!/already exists/.test(err.message)) throw err;
      });
    }
  } finally {
    await client.end();
  }
}

/** A tenant id no other test run uses. */
export function uniqueTenantId(prefix = 'test'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
