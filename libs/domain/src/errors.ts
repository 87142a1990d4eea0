/**
 * The one error type of the pure domain code. Services map `code` to an RFC 9457 problem (HTTP) or to a
 * non-retryable Temporal `ApplicationFailure` (its `type` = `code`), so codes are stable API: add new ones,
 * never rename them.
 *
 * Feature code subclasses it (`class OrderNotFound extends DomainError`); `name` follows the subclass.
 */
export class DomainError extends Error {
  /** Dotted, lower-case, e.g. `money.invalid`; the part before the dot names the concept. */
  readonly code: string;
  /** The input field the error is about (a DTO path such as `items[2].price`), when known. */
  readonly field: string | undefined;
  /** Extra machine-readable facts (never PII: callers pass masked values). */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }

  /** A plain object for structured logs and for carrying across a Temporal failure's `details`. */
  toJSON(): { name: string; code: string; message: string; field?: string; details?: Readonly<Record<string, unknown>> } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export interface DomainErrorOptions {
  field?: string | undefined;
  details?: Readonly<Record<string, unknown>> | undefined;
  cause?: unknown;
}

/** Codes raised by this library. Other code may raise its own codes with `DomainError`. */
export const DomainErrorCode = {
  MoneyInvalid: 'money.invalid',
  MoneyPrecision: 'money.precision',
  MoneyOutOfRange: 'money.out_of_range',
  PercentInvalid: 'percent.invalid',
  QuantityInvalid: 'quantity.invalid',
  AllocationInvalid: 'allocation.invalid',
  CpfInvalid: 'cpf.invalid',
  CnpjInvalid: 'cnpj.invalid',
  DocumentInvalid: 'document.invalid',
  PhoneInvalid: 'phone.invalid',
  InstallmentsInvalid: 'installments.invalid',
  DateInvalid: 'date.invalid',
  InstantInvalid: 'instant.invalid',
  TimeWindowInvalid: 'time_window.invalid',
} as const;
export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

export function isDomainError(value: unknown, code?: string): value is DomainError {
  return value instanceof DomainError && (code === undefined || value.code === code);
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
