import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { currentContext } from '../logging/context';
import { type FieldError, ProblemException, type ProblemDetails, problemType } from './problem';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

/** Maps anything thrown in an HTTP handler (or by body parsing) to one RFC 9457 problem+json answer. */
export function toProblem(error: unknown, instance?: string): ProblemDetails {
  const correlationId = currentContext()?.correlationId;
  // Nest wraps body-parser failures in an HttpException; the parser's own error says what went wrong.
  const cause = error instanceof HttpException ? (error.cause as BodyParserError | undefined) : undefined;
  const err: unknown = cause && typeof cause === 'object' && typeof cause.type === 'string' ? cause : error;
  if (err instanceof ProblemException) {
    return {
      type: problemType(err.code),
      title: err.title,
      status: err.getStatus(),
      code: err.code,
      ...(err.detail ? { detail: err.detail } : {}),
      ...(err.errors?.length ? { errors: err.errors } : {}),
      ...err.extensions,
      instance,
      correlationId,
    };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse();
    const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? err.message);
    const code = `http.${status}`;
    return {
      type: problemType(code),
      title: TITLES[status] ?? 'Error',
      status,
      code,
      detail: Array.isArray(message) ? message.join('; ') : String(message),
      instance,
      correlationId,
    };
  }
  const bp = err as BodyParserError;
  if (bp && typeof bp === 'object' && typeof bp.type === 'string' && (bp.status ?? bp.statusCode)) {
    const status = bp.status ?? bp.statusCode ?? 400;
    const code =
      bp.type === 'entity.too.large'
        ? 'request.too-large'
        : bp.type === 'entity.parse.failed'
          ? 'request.malformed-json'
          : `request.${bp.type.replace(/[^a-z.]/gi, '-')}`;
    const detail =
      bp.type === 'entity.parse.failed'
        ? 'The request body is not valid JSON.'
        : bp.type === 'entity.too.large'
          ? 'The request body is larger than this endpoint accepts.'
          : bp.message;
    const errors: FieldError[] | undefined = bp.type === 'entity.parse.failed' ? [{ field: '(body)', message: bp.message }] : undefined;
    return { type: problemType(code), title: TITLES[status] ?? 'Bad request', status, code, detail, errors, instance, correlationId };
  }
  return {
    type: problemType('internal'),
    title: TITLES[500] as string,
    status: 500,
    code: 'internal',
    detail: 'An unexpected error occurred; quote the correlation id when reporting it.',
    instance,
    correlationId,
  };
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const problem = toProblem(exception, req?.originalUrl);
    if (problem.status >= HttpStatus.INTERNAL_SERVER_ERROR) {
      this.logger.error({ err: exception, path: req?.path, method: req?.method }, 'unhandled error');
    }
    if (res.headersSent) return;
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
