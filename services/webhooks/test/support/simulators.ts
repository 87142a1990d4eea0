import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { eventually } from './infra';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

export interface SimulatorDelivery {
  id: string;
  endpointId: string;
  receivedAt: string;
  headers: Record<string, string>;
  rawBody: string;
  body: unknown;
  webhookId: string | null;
  signatureValid: boolean | null;
  signatureError: string | null;
  headersValid: boolean | null;
  duplicate: boolean;
  responseStatus: number;
}

export interface Simulators {
  baseUrl: string;
  control: <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;
  deliveries: (endpointId: string) => Promise<SimulatorDelivery[]>;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The partner simulators (`simulators/`) as their own process on a free loopback port: the chat platform's
 * webhook receiver checks our signatures and can be told to fail. A separate process keeps the Nx module
 * boundaries (a service never imports another app) and is a real HTTP peer.
 */
export async function startSimulators(): Promise<Simulators> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['-r', './scripts/register.cjs', 'simulators/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, SIMULATORS_HOST: '127.0.0.1', SIMULATORS_PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`simulators exited (${child.exitCode}): ${stderr}`);
        const res = await fetch(`${baseUrl}/health/live`, { signal: AbortSignal.timeout(1_000) });
        return res.ok ? true : undefined;
      },
      'the simulators to answer /health/live',
      60_000,
      200,
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const control = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}${p}`, {
      method,
      headers: body !== undefined ? { 'content-type': 'application/json' } : {},
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(5_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`simulators ${method} ${p} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    baseUrl,
    control,
    deliveries: async (endpointId) =>
      (await control<{ items: SimulatorDelivery[] }>('GET', `/_control/chat/deliveries?endpointId=${encodeURIComponent(endpointId)}`)).items,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
