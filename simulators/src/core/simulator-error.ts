/**
 * An HTTP answer a partner gives when something is wrong, already in that partner's own error shape. Controllers
 * throw it; the global filter writes `status` and `body` as they are.
 */
export class SimulatorHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`simulated partner error ${status}`);
    this.name = 'SimulatorHttpError';
  }
}

export const HTTP_REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function reasonPhrase(status: number): string {
  return HTTP_REASON[status] ?? (status >= 500 ? 'Server Error' : 'Error');
}
