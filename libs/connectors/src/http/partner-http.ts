/**
 * Shared HTTP plumbing for partner clients: timeouts, auth headers, JSON, and the one classification that
 * matters to a saga: retryable (network, timeout, 408/425/429/5xx) versus a business answer (other 4xx).
 */
export class PartnerError extends Error {
  constructor(
    readonly partner: string,
    message: string,
    readonly retryable: boolean,
    readonly status: number | null,
    readonly code: string,
    readonly body?: unknown,
  ) {
    super(`${partner}: ${message}`);
    this.name = 'PartnerError';
  }
}

export interface PartnerHttpOptions {
  partner: string;
  baseUrl: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

export class PartnerHttp {
  private readonly baseUrl: string;

  constructor(private readonly opts: PartnerHttpOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
  }

  async request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    opts: {
      body?: unknown;
      query?: Record<string, string | number | undefined | null>;
      headers?: Record<string, string>;
      accept?: 'json' | 'bytes';
    } = {},
  ): Promise<{ status: number; data: T; headers: Headers }> {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(opts.query ?? {}))
      if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
    const timeoutMs = this.opts.timeoutMs ?? 10_000;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          accept: opts.accept === 'bytes' ? '*/*' : 'application/json',
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...this.opts.headers,
          ...opts.headers,
        },
        body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
      throw new PartnerError(
        this.opts.partner,
        timedOut ? `no answer within ${timeoutMs} ms (${method} ${path})` : `unreachable (${method} ${path}): ${causeOf(e)}`,
        true,
        null,
        timedOut ? 'timeout' : 'network',
      );
    }
    const data = opts.accept === 'bytes' ? ((await res.arrayBuffer().then((b) => Buffer.from(b))) as unknown) : await readJson(res);
    if (!res.ok) {
      throw new PartnerError(
        this.opts.partner,
        `${method} ${path} answered ${res.status}: ${summary(data)}`,
        RETRYABLE_STATUS.has(res.status),
        res.status,
        `http.${res.status}`,
        data,
      );
    }
    return { status: res.status, data: data as T, headers: res.headers };
  }
}

function causeOf(e: Error): string {
  const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? e.message;
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function summary(data: unknown): string {
  const s = typeof data === 'string' ? data : JSON.stringify(data);
  return (s ?? '').slice(0, 300);
}
