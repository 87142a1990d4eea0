import { HttpException, HttpStatus } from '@nestjs/common';

/** RFC 9457 problem details, with `errors` naming each offending field. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  correlationId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export interface FieldError {
  field: string;
  message: string;
}

export const PROBLEM_TYPE_BASE = 'https://looma-hub.dev/problems/';

/** Throw from controllers/services for any 4xx/5xx the client should understand. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super({ code, title, detail, errors }, status);
  }

  static badRequest(code: string, detail: string, errors?: FieldError[]): ProblemException {
    return new ProblemException(HttpStatus.BAD_REQUEST, code, 'Bad request', detail, errors);
  }
  static unauthorized(detail = 'A valid API key is required (Authorization: Bearer <key> or X-Api-Key).'): ProblemException {
    return new ProblemException(HttpStatus.UNAUTHORIZED, 'auth.unauthorized', 'Unauthorized', detail);
  }
  static forbidden(detail: string): ProblemException {
    return new ProblemException(HttpStatus.FORBIDDEN, 'auth.forbidden', 'Forbidden', detail);
  }
  static notFound(what: string, id: string): ProblemException {
    return new ProblemException(HttpStatus.NOT_FOUND, `${what}.not-found`, 'Not found', `${what} ${id} was not found`);
  }
  static conflict(code: string, detail: string): ProblemException {
    return new ProblemException(HttpStatus.CONFLICT, code, 'Conflict', detail);
  }
  static unprocessable(code: string, detail: string, errors?: FieldError[]): ProblemException {
    return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, code, 'Unprocessable content', detail, errors);
  }
  static unavailable(code: string, detail: string): ProblemException {
    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, code, 'Service unavailable', detail);
  }
}

export function problemType(code: string): string {
  return PROBLEM_TYPE_BASE + code.replace(/\./g, '/');
}
