import { DomainError } from '@looma-hub/domain';
import { InfraErrors, RequestErrors } from '../errors/codes';
import { errorFromProblem, type ProblemDetails } from '../errors/problem';
import { currentContext } from '../logging/context';
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
  async patch<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('PATCH', path, body);
  }
  async delete<T>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  /**
   * Relays a request as it came — the exact bytes and the headers given (a signed webhook, verified over those bytes
   * behind) — to a route of the service, with the same answer handling as the JSON calls: `{ status, body }` of a
   * 2xx, the callee's problem otherwise.
   */
  async forward<T>(method: string, path: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: T }> {
    const res = await this.send(new URL(this.baseUrl.replace(/\/+$/, '') + path), {
      method,
      headers: { ...headers, accept: 'application/json', [INTERNAL_TOKEN_HEADER]: this.token, ...this.correlation() },
      body,
    });
    return this.answer<T>(res);
  }

  private async call<T>(method: string, path: string, body?: unknown, query?: Record<string, string | number | undefined>): Promise<T> {
    const url = new URL(this.baseUrl.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const res = await this.send(url, {
      method,
      headers: {
        accept: 'application/json',
        [INTERNAL_TOKEN_HEADER]: this.token,
        ...this.correlation(),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    return (await this.answer<T>(res)).body;
  }

  private correlation(): Record<string, string> {
    const correlationId = currentContext()?.correlationId;
    return correlationId ? { 'x-correlation-id': correlationId } : {};
  }

  private async send(
    url: URL,
    init: { method: string; headers: Record<string, string>; body: string | Buffer | undefined },
  ): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch {
      throw this.unavailable(`The ${this.service} service did not answer; try again shortly.`);
    }
  }

  private async answer<T>(res: Response): Promise<{ status: number; body: T }> {
    const text = await res.text();
    let data: unknown;
    try {
      data = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      // A proxy's HTML error page, say: not the service's own answer.
      throw this.unavailable(`The ${this.service} service answered ${res.status} with a body that is not JSON.`);
    }
    if (res.ok) return { status: res.status, body: data as T };
    // The callee's own problem (a 4xx, or a 503 naming what it depends on) passes through unchanged — unless it is
    // about this call itself (a wrong internal token, a route it does not have): that is our misconfiguration, and
    // the public caller neither caused it nor should see the internal paths.
    const problem = data && typeof data === 'object' ? (data as Partial<ProblemDetails>) : undefined;
    if (problem?.code && (problem.code.startsWith('auth.') || problem.code === RequestErrors.RouteNotFound.code)) {
      throw this.unavailable(
        `The ${this.service} service refused the internal call (${problem.code}); check its URL and INTERNAL_API_TOKEN.`,
      );
    }
    if (problem?.code && ((res.status >= 400 && res.status < 500) || res.status === 503)) throw errorFromProblem(res.status, problem);
    throw this.unavailable(`The ${this.service} service answered ${res.status}.`);
  }

  private unavailable(message: string): DomainError {
    return new DomainError(InfraErrors.ServiceUnavailable, message, { details: { service: this.service } });
  }
}
