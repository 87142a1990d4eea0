/** Runs deploy/local/infra.sh and reads the endpoints it prints (used by npm start, npm test and benchmarks). */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureTestDatabase } from './env';
import { repoRoot } from './processes';

const infraScript = path.join(repoRoot, 'deploy', 'local', 'infra.sh');

export function infra(...args: string[]): void {
  const r = spawnSync('bash', [infraScript, ...args], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`infra.sh ${args.join(' ')} failed (exit ${r.status ?? 'signal'})`);
}

export async function infraUp(): Promise<void> {
  infra('up');
}

export interface TemporalNamespace {
  name: string;
  /** Deletes the namespace (its workflows go with it). */
  remove: () => void;
}

/**
 * A Temporal namespace of its own for one run (`<prefix><epoch seconds>-<random>`), with the hub's search
 * attributes registered, so no worker of another environment on the same server (a dev stack's, another run's)
 * can take its tasks. Namespaces of the same prefix left by crashed runs older than six hours are deleted first.
 */
export function createRunNamespace(prefix: 'looma-test-' | 'looma-bench-'): TemporalNamespace {
  const name = `${prefix}${Math.floor(Date.now() / 1000)}-${Math.random().toString(36).slice(2, 8)}`;
  infra('namespace', 'prune', prefix, '6');
  infra('namespace', 'create', name);
  return { name, remove: () => infra('namespace', 'delete', name) };
}

const ensured = new Set<string>();
/** Makes sure a namespace exists (for a test file run by jest directly, outside `npm test`); once per process. */
export function ensureNamespace(name: string): void {
  if (ensured.has(name)) return;
  infra('namespace', 'create', name);
  ensured.add(name);
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
    url.pathname = `/${url.pathname.slice(1)}_test`;
    env.DATABASE_URL = url.toString();
    await ensureTestDatabase(env.DATABASE_URL);
  }
  return env;
}
