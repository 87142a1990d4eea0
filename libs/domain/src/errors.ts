/**
 * What kind of "no" an error is. It decides everything outside the domain: the HTTP status of the problem a
 * client gets, and whether a Temporal activity that raised it is retried (only `unavailable` is).
 */
export const ErrorCategory = {
  /** The input is malformed or out of range (a field is named). HTTP 400. */
  Invalid: 'invalid',
  /** No valid credentials. HTTP 401. */
  Unauthorized: 'unauthorized',
  /** Valid credentials that may not do this. HTTP 403. */
  Forbidden: 'forbidden',
  /** The thing asked for does not exist (for this tenant). HTTP 404. */
  NotFound: 'not_found',
  /** The current state does not allow it (a duplicate, a request in flight, a transition refused). HTTP 409. */
  Conflict: 'conflict',
  /** The input is larger than allowed. HTTP 413. */
  TooLarge: 'too_large',
  /** The request's format (media type, charset) is not one this endpoint takes. HTTP 415. */
  Unsupported: 'unsupported',
  /** Well-formed, but a business rule or a partner said no. HTTP 422. */
  Rejected: 'rejected',
  /** Too many requests; retry after a while. HTTP 429. */
  RateLimited: 'rate_limited',
  /** Something this depends on is down or did not answer; the same request may succeed later. HTTP 503. */
  Unavailable: 'unavailable',
} as const;
export type ErrorCategory = (typeof ErrorCategory)[keyof typeof ErrorCategory];

/** One entry of a feature's error enum: a stable code, its category, and a short human title. */
export interface ErrorCode {
  /** Dotted, lower-case, e.g. `money.invalid`, `order.invalid-transition`; the part before the dot names the feature. */
  readonly code: string;
  readonly category: ErrorCategory;
  readonly title: string;
}

const CODE_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/;
const registry = new Map<string, ErrorCode>();

/**
 * Declares a feature's error codes (its small enum) and registers them, so one test can feed every code of the
 * hub through both mappers (HTTP problem and Temporal failure). Codes are stable API: add new ones, never rename.
 */
export function defineErrorCodes<const T extends Record<string, { code: string; category: ErrorCategory; title?: string }>>(
  defs: T,
): { readonly [K in keyof T]: ErrorCode } {
  const out: Record<string, ErrorCode> = {};
  for (const [key, def] of Object.entries(defs)) {
    if (!CODE_PATTERN.test(def.code)) throw new Error(`error code ${def.code} must be dotted lower case (feature.what)`);
    const entry: ErrorCode = Object.freeze({ code: def.code, category: def.category, title: def.title ?? titleOf(def.code) });
    const known = registry.get(def.code);
    if (known && known.category !== entry.category) throw new Error(`error code ${def.code} is defined twice with different categories`);
    registry.set(def.code, entry);
    out[key] = entry;
  }
  return out as { readonly [K in keyof T]: ErrorCode };
}

/** Every error code defined so far (by the modules loaded in this process). */
export function registeredErrorCodes(): ErrorCode[] {
  return [...registry.values()];
}

/** `order.invalid-transition` → `Invalid transition` (a default title when none is given). */
function titleOf(code: string): string {
  const last = code.slice(code.lastIndexOf('.') + 1).replace(/[-_]/g, ' ');
  return last.charAt(0).toUpperCase() + last.slice(1);
}

/**
 * The one error type of the hub's own code: pure domain code, services, activities and guards throw it with a code
 * from a feature's enum. One HTTP filter maps it to an RFC 9457 problem (status from the category, `type` and
 * `code` from the code, the field named) and one mapper to a Temporal `ApplicationFailure` (type = code,
 * non-retryable unless the category is `unavailable`).
 *
 * Feature code may subclass it (`class InvalidTransitionError extends DomainError`); `name` follows the subclass.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly title: string;
  /** The input field the error is about (a DTO path such as `items.2.price`), when known. */
  readonly field: string | undefined;
  /** Every offending field, when there are several (request validation). */
  readonly fieldErrors: readonly FieldError[] | undefined;
  /** Extra machine-readable facts (never PII: callers pass masked values). */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code.code;
    this.category = code.category;
    this.title = code.title;
    this.field = options.field ?? options.fieldErrors?.[0]?.field;
    this.fieldErrors = options.fieldErrors;
    this.details = options.details;
  }

  /** A plain object for structured logs and for carrying across a Temporal failure's `details`. */
  toJSON(): {
    name: string;
    code: string;
    category: ErrorCategory;
    message: string;
    field?: string;
    fieldErrors?: readonly FieldError[];
    details?: Readonly<Record<string, unknown>>;
  } {
    return {
      name: this.name,
      code: this.code,
      category: this.category,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.fieldErrors === undefined ? {} : { fieldErrors: this.fieldErrors }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export interface FieldError {
  field: string;
  message: string;
}

export interface DomainErrorOptions {
  field?: string | undefined;
  fieldErrors?: readonly FieldError[] | undefined;
  details?: Readonly<Record<string, unknown>> | undefined;
  cause?: unknown;
}

/** Codes raised by this library (money, documents, phones, installments, dates). */
export const DomainErrorCode = defineErrorCodes({
  MoneyInvalid: { code: 'money.invalid', category: 'invalid', title: 'Invalid amount' },
  MoneyPrecision: { code: 'money.precision', category: 'invalid', title: 'Amount has fractions of a centavo' },
  MoneyOutOfRange: { code: 'money.out_of_range', category: 'invalid', title: 'Amount out of range' },
  PercentInvalid: { code: 'percent.invalid', category: 'invalid', title: 'Invalid percentage' },
  QuantityInvalid: { code: 'quantity.invalid', category: 'invalid', title: 'Invalid quantity' },
  AllocationInvalid: { code: 'allocation.invalid', category: 'invalid', title: 'Invalid allocation' },
  CpfInvalid: { code: 'cpf.invalid', category: 'invalid', title: 'Invalid CPF' },
  CnpjInvalid: { code: 'cnpj.invalid', category: 'invalid', title: 'Invalid CNPJ' },
  DocumentInvalid: { code: 'document.invalid', category: 'invalid', title: 'Invalid CPF or CNPJ' },
  PhoneInvalid: { code: 'phone.invalid', category: 'invalid', title: 'Invalid phone number' },
  InstallmentsInvalid: { code: 'installments.invalid', category: 'invalid', title: 'Invalid installment plan' },
  DateInvalid: { code: 'date.invalid', category: 'invalid', title: 'Invalid date' },
  InstantInvalid: { code: 'instant.invalid', category: 'invalid', title: 'Invalid timestamp' },
  TimeWindowInvalid: { code: 'time_window.invalid', category: 'invalid', title: 'Invalid time window' },
});

export function isDomainError(value: unknown, code?: string | ErrorCode): value is DomainError {
  const wanted = typeof code === 'object' ? code.code : code;
  return value instanceof DomainError && (wanted === undefined || value.code === wanted);
}

/** Options every parser and validator in this library accepts. */
export interface FieldOptions {
  /** Named in the `DomainError` when the value is rejected. */
  field?: string | undefined;
}

/** Short, log-safe rendering of a rejected value for error messages (never the whole value if long). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
