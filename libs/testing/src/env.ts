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
    /** `npm test` gives each run a namespace of its own; a file run by jest directly uses `looma-test`. */
    TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE ?? 'looma-test',
    TEMPORAL_TEST_SERVER: process.env.TEMPORAL_TEST_SERVER ?? path.join(cache, 'venv', 'bin', 'temporal-test-server'),
    SCHEMATHESIS: process.env.SCHEMATHESIS ?? path.join(cache, 'venv', 'bin', 'schemathesis'),
  };
}

/** Creates the test database if it does not exist yet (several test processes may race to do it: a duplicate is fine). */
export async function ensureTestDatabase(databaseUrl = testEnv().DATABASE_URL): Promise<void> {
  const name = databaseName(databaseUrl);
  await withMaintenanceClient(databaseUrl, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`).catch((err: { code?: string }) => {
        // 42P04 duplicate_database; 23505 when two creators collide on pg_database's unique index.
        if (err.code !== '42P04' && err.code !== '23505') throw err;
      });
    }
  });
}

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/**
 * A database of its own for one test file, on the server of `baseUrl` (`<db>_<label>_<epoch>_<random>`), dropped
 * by `drop()`. Other processes may run the same service against the shared test database (the e2e suite, another
 * developer's run): a private database keeps them away from this file's rows. Leftovers of crashed runs with the
 * same label, older than two hours, are dropped on the way.
 */
export async function createTestDatabase(label = 'tmp', baseUrl = testEnv().DATABASE_URL): Promise<TestDatabase> {
  if (!/^[a-z0-9]{1,16}$/.test(label)) throw new Error(`createTestDatabase: label must be 1-16 lowercase letters or digits, got ${label}`);
  const prefix = `${databaseName(baseUrl)}_${label}_`;
  const name = `${prefix}${Math.floor(Date.now() / 1000)}_${Math.random().toString(36).slice(2, 8)}`;
  await withMaintenanceClient(baseUrl, async (client) => {
    const stale = (await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix.replace(/[\\_%]/g, '\\$&')}%`]))
      .rows as { datname: string }[];
    for (const { datname } of stale) {
      const epoch = Number(datname.slice(prefix.length).split('_')[0]);
      if (epoch && Date.now() / 1000 - epoch > 7_200)
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`).catch(() => undefined);
    }
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
  });
  const url = new URL(baseUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return {
    url: url.toString(),
    drop: () =>
      withMaintenanceClient(
        baseUrl,
        async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)),
      ),
  };
}

/** A tenant id no other test run uses. */
export function uniqueTenantId(prefix = 'test'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
}

/** Runs `fn` with a client on the server's `postgres` database (CREATE/DROP DATABASE cannot run inside the target). */
async function withMaintenanceClient<T>(databaseUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
