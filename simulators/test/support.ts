import { type CreateSimulatorsAppOptions, type RunningSimulators, startSimulators } from '../src/app';

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Sim {
  running: RunningSimulators;
  baseUrl: string;
  call<T = unknown>(
    method: string,
    path: string,
    opts?: { body?: unknown; headers?: Record<string, string>; raw?: string },
  ): Promise<HttpResult<T>>;
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<HttpResult<T>>;
  close(): Promise<void>;
}

/** Starts the simulators in-process on a free loopback port, quiet unless LOG_LEVEL asks otherwise. */
export async function startSim(options: CreateSimulatorsAppOptions = {}): Promise<Sim> {
  const running = await startSimulators({ host: '127.0.0.1', port: 0, logger: ['error'], ...options });
  const baseUrl = running.baseUrl;
  const call: Sim['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text) as unknown;
    return { status: res.status, headers: res.headers, body: parsed as never };
  };
  return {
    running,
    baseUrl,
    call,
    control: (method, path, body) => call(method, `/_control${path}`, body === undefined ? {} : { body }),
    close: () => running.close(),
  };
}
