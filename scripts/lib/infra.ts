/** Helpers for scripts: run deploy/local/infra.sh and read the endpoints it prints. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';

export const repoRoot = path.resolve(__dirname, '..', '..');
const infraScript = path.join(repoRoot, 'deploy', 'local', 'infra.sh');

export function infra(...args: string[]): void {
  const r = spawnSync('bash', [infraScript, ...args], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`infra.sh ${args.join(' ')} failed (exit ${r.status ?? 'signal'})`);
}

export async function infraUp(): Promise<void> {
  infra('up');
}

/** The engine endpoints as env vars; for tests the database is a separate one (`<db>_test`), created if missing. */
export async function infraEnv(opts: { test?: boolean } = {}): Promise<Record<string, string>> {
  const r = spawnSync('bash', [infraScript, 'env'], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`infra.sh env failed: ${r.stderr}`);
  const env: Record<string, string> = {};
  for (const line of r.stdout.split('\n')) {
    const m = /^export (\w+)=(.*)$/.exec(line.trim());
    if (m?.[1]) env[m[1]] = m[2] ?? '';
  }
  if (opts.test && env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    const name = `${url.pathname.slice(1)}_test`;
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    await ensureDatabase(env.DATABASE_URL).catch(() => undefined);
  }
  return env;
}

export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
