import { HttpStatus } from '@nestjs/common';
import { currentContext } from '../logging/context';
import { type FieldError, ProblemException } from '../errors/problem';
import { INTERNAL_TOKEN_HEADER } from './internal-api.guard';

/**
 * Calls another service's internal API (gateway → owning service). Forwards the correlation id; a service
 * that is down or slow becomes a clear 503 problem; the callee's 4xx problems pass through unchanged.
 */
export class InternalClient {
  constructor(
    private readonly service: string,
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 5_000,
  ) {}

  async get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T> {
    return this.call<T>('GET', path, undefined, query);
  }
  async post<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }
  async put<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('PUT', path, body);
  }
  async delete<T>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  private async call<T>(method: string, path: string, body?: unknown, query?: Record<string, string | number | undefined>): Promise<T> {
    const url = new URL(this.baseUrl.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const correlationId = currentContext()?.correlationId;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          [INTERNAL_TOKEN_HEADER]: this.token,
          ...(correlationId ? { 'x-correlation-id': correlationId } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw ProblemException.unavailable(`${this.service}.unavailable`, `The ${this.service} service did not answer; try again shortly.`);
    }
    const text = await res.text();
    let data: unknown;
    try {
      data = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      // A proxy's HTML error page, say: not the service's own answer.
      throw ProblemException.unavailable(
        `${this.service}.unavailable`,
        `The ${this.service} service answered ${res.status} with a body that is not JSON.`,
      );
    }
    if (res.ok) return data as T;
    if (res.status >= 400 && res.status < 500 && data && typeof data === 'object') {
      const p = data as { code?: string; title?: string; detail?: string; errors?: FieldError[] };
      throw new ProblemException(res.status, p.code ?? `http.${res.status}`, p.title ?? 'Error', p.detail, p.errors);
    }
    throw new ProblemException(
      HttpStatus.SERVICE_UNAVAILABLE,
      `${this.service}.unavailable`,
      'Service unavailable',
      `The ${this.service} service answered ${res.status}.`,
    );
  }
}
