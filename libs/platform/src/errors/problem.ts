import { DomainError, type ErrorCategory, type ErrorCode, type FieldError } from '@looma-hub/domain';

export type { FieldError } from '@looma-hub/domain';

/** RFC 9457 problem details, with `code` (the stable error code) and `errors` naming each offending field. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  correlationId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_TYPE_BASE = 'https://looma-hub.dev/problems/';

/** The problem `type` of a code: `order.invalid-transition` → `…/problems/order/invalid-transition`. */
export function problemType(code: string): string {
  return PROBLEM_TYPE_BASE + code.replace(/\./g, '/');
}

/** The one place a category becomes an HTTP status. */
export const STATUS_OF_CATEGORY: Record<ErrorCategory, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  rejected: 422,
  rate_limited: 429,
  unavailable: 503,
};

const CATEGORY_OF_STATUS: Record<number, ErrorCategory> = Object.fromEntries(
  Object.entries(STATUS_OF_CATEGORY).map(([category, status]) => [status, category as ErrorCategory]),
);

/** Seconds a client should wait before retrying a 503/429 (the `Retry-After` header). */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** The problem for a domain error: status from its category, type and title from its code, the fields named. */
export function problemOfDomainError(err: DomainError, instance?: string, correlationId?: string): ProblemDetails {
  const errors = err.fieldErrors?.length ? [...err.fieldErrors] : err.field ? [{ field: err.field, message: err.message }] : undefined;
  return {
    type: problemType(err.code),
    title: err.title,
    status: STATUS_OF_CATEGORY[err.category],
    code: err.code,
    detail: err.message,
    ...(errors ? { errors } : {}),
    ...(instance ? { instance } : {}),
    ...(correlationId ? { correlationId } : {}),
  };
}

/**
 * The domain error another hub service answered with (its problem+json), to pass on unchanged: same code, same
 * status, same fields. Used by the internal client and by idempotent replays of a stored answer.
 */
export function errorFromProblem(status: number, problem: Partial<ProblemDetails>): DomainError {
  const category: ErrorCategory = CATEGORY_OF_STATUS[status] ?? (status >= 500 ? 'unavailable' : 'invalid');
  const code: ErrorCode = { code: problem.code ?? `http.${status}`, category, title: problem.title ?? 'Error' };
  return new DomainError(code, problem.detail ?? problem.title ?? `HTTP ${status}`, {
    ...(problem.errors?.length ? { fieldErrors: problem.errors } : {}),
  });
}
