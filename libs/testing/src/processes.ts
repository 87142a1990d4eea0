import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { waitFor } from './wait';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServiceProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Everything the process wrote so far, from its first line (kept in tmp/logs/). */
  logs: () => string;
  /** SIGTERM and wait (SIGKILL after a grace period). */
  stop: () => Promise<void>;
  /** SIGKILL at once, like a crash. */
  kill: () => Promise<void>;
}

/**
 * Starts one of the hub's processes (`services/orders/src/main.ts`, a worker, the simulators) as a real
 * child process and waits until it is ready: `/health/ready` answers 200 (HTTP) or `readyLine` appears in
 * its output (workers).
 */
export async function startProcess(opts: {
  name: string;
  entry: string;
  env: Record<string, string>;
  port?: number;
  readyLine?: RegExp;
  readyPath?: string;
  timeoutMs?: number;
}): Promise<ServiceProcess> {
  // Every byte the process writes goes to a file of its own, so a log scan sees the whole log, not a tail.
  const logDir = path.join(repoRoot, 'tmp', 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${opts.name.replace(/[^\w.-]+/g, '_')}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}.log`);
  const logFd = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, ['-r', path.join(repoRoot, 'scripts', 'register.cjs'), path.join(repoRoot, opts.entry)], {
    cwd: repoRoot,
    env: {
      ...process.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...opts.env,
      ...(opts.port ? { HTTP_PORT: String(opts.port) } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const keep = (b: Buffer) => fs.writeSync(logFd, b);
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('close', () => fs.closeSync(logFd));
  const logs = () => fs.readFileSync(logFile, 'utf8');
  const url = opts.port ? `http://127.0.0.1:${opts.port}` : '';
  try {
    await waitFor(
      async () => {
        if (exited !== undefined) throw new Error(`${opts.name} exited with ${exited}:\n${logs().slice(-3000)}`);
        if (opts.readyLine) return opts.readyLine.test(logs());
        const res = await fetch(`${url}${opts.readyPath ?? '/health/ready'}`, { signal: AbortSignal.timeout(2_000) });
        return res.ok;
      },
      { timeoutMs: opts.timeoutMs ?? 90_000, intervalMs: 300, what: `${opts.name} to be ready` },
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n--- ${opts.name} output ---\n${logs().slice(-4000)}`, { cause: err });
  }
  const waitExit = (ms: number) =>
    new Promise<void>((resolve) => {
      if (exited !== undefined) return resolve();
      const t = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, ms);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
  return {
    name: opts.name,
    url,
    child,
    logs,
    stop: async () => {
      if (exited === undefined) child.kill('SIGTERM');
      await waitExit(15_000);
    },
    kill: async () => {
      if (exited === undefined) child.kill('SIGKILL');
      await waitExit(5_000);
    },
  };
}

/**
 * Starts several processes at once. If any fails to become ready, every one that did start is stopped before
 * the error is thrown — none is left running to steal the next run's work.
 */
export async function startAll(defs: Parameters<typeof startProcess>[0][]): Promise<ServiceProcess[]> {
  const results = await Promise.allSettled(defs.map((d) => startProcess(d)));
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((p) => p.stop()));
    throw failed.reason;
  }
  return started;
}
