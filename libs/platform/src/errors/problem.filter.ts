import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError } from '@looma-hub/domain';
import type { Request, Response } from 'express';
import { currentContext } from '../logging/context';
import { RequestErrors } from './codes';
import { infrastructureOutage } from './infrastructure';
import { DEFAULT_RETRY_AFTER_SECONDS, type ProblemDetails, problemOfDomainError, problemType } from './problem';

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
  /** Set by our JSON depth check (see json-depth.ts). */
  jsonDepthLimit?: number;
}

/** A body-parser failure as a domain error (malformed, too large, too deep, unsupported charset). */
function bodyParserError(bp: BodyParserError): DomainError | undefined {
  if (typeof bp.type !== 'string' || !(bp.status ?? bp.statusCode)) return undefined;
  if (bp.jsonDepthLimit !== undefined) {
    return new DomainError(RequestErrors.TooDeep, `The JSON body is nested deeper than ${bp.jsonDepthLimit} levels.`, {
      fieldErrors: [{ field: '(body)', message: `nested deeper than ${bp.jsonDepthLimit} levels` }],
      details: { maxDepth: bp.jsonDepthLimit },
    });
  }
  switch (bp.type) {
    case 'entity.parse.failed':
      return new DomainError(RequestErrors.MalformedJson, 'The request body is not valid JSON.', {
        fieldErrors: [{ field: '(body)', message: bp.message }],
      });
    case 'entity.too.large':
      return new DomainError(RequestErrors.TooLarge, 'The request body is larger than this endpoint accepts.');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new DomainError(RequestErrors.UnsupportedMediaType, bp.message);
    default:
      // Aborted, too many parameters, a size that does not match: the parser's status says which kind.
      return new DomainError((bp.status ?? bp.statusCode) === 413 ? RequestErrors.TooLarge : RequestErrors.Invalid, bp.message);
  }
}

/**
 * Maps anything thrown in an HTTP handler (or by body parsing) to one RFC 9457 problem+json answer: a DomainError
 * by its category, an outage of Postgres/Kafka/Temporal as 503, Nest's own HTTP exceptions by their status, and
 * anything else as a 500 that says nothing about its cause.
 */
export function toProblem(error: unknown, instance?: string): ProblemDetails {
  const correlationId = currentContext()?.correlationId;
  // Nest wraps body-parser failures in an HttpException; the parser's own error says what went wrong.
  const cause = error instanceof HttpException ? (error.cause as BodyParserError | undefined) : undefined;
  const err: unknown = cause && typeof cause === 'object' && typeof cause.type === 'string' ? cause : error;
  if (err instanceof DomainError) return problemOfDomainError(err, instance, correlationId);
  const parsed = err && typeof err === 'object' ? bodyParserError(err as BodyParserError) : undefined;
  if (parsed) return problemOfDomainError(parsed, instance, correlationId);
  const outage = infrastructureOutage(err);
  if (outage) {
    return problemOfDomainError(new DomainError(outage, `${outage.title}; retry the request shortly.`), instance, correlationId);
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse();
    const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? err.message);
    const code = status === 404 ? RequestErrors.RouteNotFound.code : status === 400 ? RequestErrors.Invalid.code : `http.${status}`;
    return {
      type: problemType(code),
      title: TITLES[status] ?? 'Error',
      status,
      code,
      detail: Array.isArray(message) ? message.join('; ') : String(message),
      ...(instance ? { instance } : {}),
      ...(correlationId ? { correlationId } : {}),
    };
  }
  return {
    type: problemType('internal'),
    title: TITLES[500] as string,
    status: 500,
    code: 'internal',
    detail: 'An unexpected error occurred; quote the correlation id when reporting it.',
    ...(instance ? { instance } : {}),
    ...(correlationId ? { correlationId } : {}),
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
    if (problem.status >= HttpStatus.INTERNAL_SERVER_ERROR && problem.status !== HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.error({ err: exception, path: req?.path, method: req?.method }, 'unhandled error');
    } else if (problem.status === HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.warn(
        { code: problem.code, path: req?.path, method: req?.method, error: (exception as Error)?.message },
        'dependency unavailable',
      );
    }
    if (res.headersSent) return;
    if (problem.status === HttpStatus.SERVICE_UNAVAILABLE || problem.status === HttpStatus.TOO_MANY_REQUESTS) {
      res.setHeader('Retry-After', String(DEFAULT_RETRY_AFTER_SECONDS));
    }
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
