import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { eventually } from './infra';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

export const RETAILER_TOKEN = 'retailer-demo-token';

/** A product as the simulator's control API takes it (`POST /_control/retailer/products`). */
export interface SimProduct {
  id: string;
  sku?: string;
  barcode?: string;
  name?: string;
  description?: string;
  manufacturer?: string;
  category?: string;
  priceCents?: number;
  promoPriceCents?: number | null;
  promoStart?: string | null;
  promoEnd?: string | null;
  stock?: number;
  active?: boolean;
}

export interface RunningSimulators {
  baseUrl: string;
  /** What a tenant's retailer connection points at (the RetailerClient appends `/v1/...`). */
  retailerBaseUrl: string;
  upsertProducts(items: SimProduct[]): Promise<void>;
  listProducts(): Promise<{ id: string; name: string }[]>;
  /** Fault injection (`POST /_control/faults`): latency, error status, limited to the next `times` requests. */
  addFault(fault: { path: string; method?: string; status?: number; latencyMs?: number; times?: number }): Promise<void>;
  clearFaults(): Promise<void>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the partner simulators (`simulators/src/main.ts`) as a child process on a free loopback port, so each
 * suite has its own retailer state and talks to it over real HTTP, like the hub does with a real retailer.
 */
export async function startSimulators(): Promise<RunningSimulators> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['-r', './scripts/register.cjs', 'simulators/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, SIMULATORS_HOST: '127.0.0.1', SIMULATORS_PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`simulators exited (${child.exitCode}): ${stderr}`);
        const res = await fetch(`${baseUrl}/health/live`);
        return res.ok ? true : undefined;
      },
      60_000,
      'simulators answering /health/live',
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }

  const control = async (method: string, route: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${baseUrl}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };

  return {
    baseUrl,
    retailerBaseUrl: `${baseUrl}/retailer`,
    upsertProducts: async (items) => {
      await control('POST', '/_control/retailer/products', { items });
    },
    listProducts: async () => {
      const out: { id: string; name: string }[] = [];
      let cursor: string | null = null;
      do {
        const url = new URL(`${baseUrl}/retailer/v1/products`);
        url.searchParams.set('limit', '200');
        if (cursor) url.searchParams.set('cursor', cursor);
        const res = await fetch(url, { headers: { authorization: `Bearer ${RETAILER_TOKEN}` } });
        const page = (await res.json()) as { items: { id: string; name: string }[]; nextCursor: string | null };
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    },
    addFault: async (fault) => {
      await control('POST', '/_control/faults', fault);
    },
    clearFaults: async () => {
      await control('DELETE', '/_control/faults');
    },
    reset: async () => {
      await control('POST', '/_control/reset');
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
