import { DomainError, type ErrorCode } from '@looma-hub/domain';

/** The error codes one partner's failures are reported with (e.g. `RetailerErrors` from contracts). */
export interface PartnerErrorCodes {
  /** A 4xx answer: a business refusal; retrying the same request cannot help. */
  Rejected: ErrorCode;
  /** Network error, timeout, 408/425/429/5xx: the same call may succeed later. */
  Unavailable: ErrorCode;
  /** A 2xx answer that breaks the published contract. */
  ContractViolated: ErrorCode;
}

/**
 * Shared HTTP plumbing for partner clients: timeouts, auth headers, JSON, and the one classification that
 * matters to a saga. A failure is a DomainError of the partner's codes: `unavailable` (retryable) or a business
 * answer (`rejected`, `contract-violated`), so the activity failure mapper decides retries without knowing HTTP.
 */
export class PartnerError extends DomainError {
  constructor(
    readonly partner: string,
    code: ErrorCode,
    message: string,
    /** The partner's HTTP status, or null when no answer came (network, timeout). */
    readonly status: number | null,
    /** `timeout`, `network`, `http.<status>` or `contract`. */
    readonly reason: string,
    readonly body?: unknown,
  ) {
    super(code, `${partner}: ${message}`, { details: { partner, status, reason } });
    this.name = 'PartnerError';
  }

  get retryable(): boolean {
    return this.category === 'unavailable';
  }
}

export interface PartnerHttpOptions {
  partner: string;
  errors: PartnerErrorCodes;
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
        this.opts.errors.Unavailable,
        timedOut ? `no answer within ${timeoutMs} ms (${method} ${path})` : `unreachable (${method} ${path}): ${causeOf(e)}`,
        null,
        timedOut ? 'timeout' : 'network',
      );
    }
    const data = opts.accept === 'bytes' ? ((await res.arrayBuffer().then((b) => Buffer.from(b))) as unknown) : await readJson(res);
    if (!res.ok) {
      throw new PartnerError(
        this.opts.partner,
        RETRYABLE_STATUS.has(res.status) ? this.opts.errors.Unavailable : this.opts.errors.Rejected,
        `${method} ${path} answered ${res.status}: ${summary(data)}`,
        res.status,
        `http.${res.status}`,
        data,
      );
    }
    return { status: res.status, data: data as T, headers: res.headers };
  }

  /** For a 2xx answer that breaks the contract (a missing id, a page without items). */
  contractViolated(message: string): PartnerError {
    return new PartnerError(this.opts.partner, this.opts.errors.ContractViolated, message, 200, 'contract');
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
