// Money is an integer number of centavos (BRL) everywhere inside the hub. BRL strings ("1.000,00") and decimal
// reais (1001.69) exist only at partner edges and are converted here, exactly, without binary-float arithmetic.
import { decimalFromNumber, divideRounded, isSafeBigint, type Rounding, toScaledInteger } from './decimal';
import { describeValue, DomainError, DomainErrorCode, type FieldOptions } from './errors';

export type { Rounding } from './decimal';

declare const centsBrand: unique symbol;
/** An amount in integer centavos (a safe integer; may be negative, e.g. a discount or a reversal). */
export type Cents = number & { readonly [centsBrand]: true };

declare const basisPointsBrand: unique symbol;
/** A percentage in hundredths of a percent: 1 bp = 0.01 %, 12.5 % = 1250 bp, 100 % = 10 000 bp. */
export type BasisPoints = number & { readonly [basisPointsBrand]: true };

export const ZERO_CENTS = 0 as Cents;

/** Checks that `value` is a safe integer and brands it. `-0` becomes `0`. */
export function cents(value: number, options: FieldOptions = {}): Cents {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new DomainError(DomainErrorCode.MoneyInvalid, `Amount must be an integer number of centavos, got ${describeValue(value)}`, {
      field: options.field,
    });
  }
  if (!Number.isSafeInteger(value)) {
    throw outOfRange(options.field);
  }
  return (value === 0 ? 0 : value) as Cents;
}

export function isCents(value: unknown): value is Cents {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

// Optional minus (before or after "R$"), optional "R$", integer part either plain digits or grouped by dots
// in threes, optional decimal comma with one or two digits. `\s` covers the no-break spaces Intl emits.
const BRL_TEXT = /^\s*(-)?\s*(?:R\$\s*)?(-)?\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?\s*$/;

/**
 * Parses a BRL amount as partners write it: `"1.000,00"`, `"1000,00"`, `"R$ 1.234,56"`, `"-R$ 5,00"`,
 * `"R$ -5,00"`, `"10"`, `"0,5"` (= 50 centavos: one decimal digit is tenths of a real).
 *
 * Rejected, with `money.invalid`: thousands dots without a decimal comma (`"1.000"` reads as one thousand in
 * pt-BR but as one in en-US: too costly to guess), badly grouped dots (`"1.00,00"`), a decimal point
 * (`"10.50"`), three or more decimals, two signs, empty text. Beyond ±`Number.MAX_SAFE_INTEGER` centavos:
 * `money.out_of_range`.
 */
export function parseBrl(text: string, options: FieldOptions = {}): Cents {
  if (typeof text !== 'string') {
    throw new DomainError(DomainErrorCode.MoneyInvalid, `BRL amount must be text, got ${describeValue(text)}`, {
      field: options.field,
    });
  }
  const match = BRL_TEXT.exec(text);
  const [, signBefore, signAfter, integerPart = '', fraction] = match ?? [];
  const ambiguous = match !== null && integerPart.includes('.') && fraction === undefined;
  if (!match || (signBefore && signAfter) || ambiguous) {
    const hint = ambiguous ? ' (thousands dots need a decimal comma, e.g. "1.000,00")' : ' (expected e.g. "1.234,56")';
    throw new DomainError(DomainErrorCode.MoneyInvalid, `Not a BRL amount: ${describeValue(text)}${hint}`, {
      field: options.field,
    });
  }
  const centsText = (fraction ?? '').padEnd(2, '0');
  const magnitude = BigInt(integerPart.replaceAll('.', '') + centsText);
  const value = signBefore || signAfter ? -magnitude : magnitude;
  if (!isSafeBigint(value)) throw outOfRange(options.field);
  return cents(Number(value));
}

export interface FormatBrlOptions {
  /** Prefix with `"R$ "` (after the minus sign, as Intl's pt-BR does). Default false: partners want bare. */
  symbol?: boolean;
}

/**
 * `100000` → `"1.000,00"`; `-123456` → `"-1.234,56"`; with `{ symbol: true }` → `"R$ 1.000,00"` /
 * `"-R$ 1.234,56"`. Uses an ordinary space (Intl uses U+00A0), so the output is stable across ICU versions.
 */
export function formatBrl(amount: Cents, options: FormatBrlOptions = {}): string {
  const value = cents(amount);
  const magnitude = Math.abs(value);
  const reais = Math.trunc(magnitude / 100).toString();
  const centavos = (magnitude % 100).toString().padStart(2, '0');
  const grouped = reais.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${value < 0 ? '-' : ''}${options.symbol ? 'R$ ' : ''}${grouped},${centavos}`;
}

export interface RoundingOptions extends FieldOptions {
  /**
   * What to do with digits beyond the target precision (`10.005` reais, `12.345` %). Default `reject`:
   * a value a partner sends should already be exact.
   */
  rounding?: Rounding;
}

/**
 * Largest magnitude, in centavos, that travels safely as a decimal reais number: a double carries 15
 * significant decimal digits, so R$ 9.999.999.999.999,99. Beyond it `fromReais`/`toReais` refuse
 * (`money.out_of_range`) rather than silently shift centavos.
 */
export const MAX_REAIS_NUMBER_CENTS = 999_999_999_999_999;

/**
 * A decimal reais number from a partner response (`1001.69`, `3000`, `0.1`) → centavos, exactly:
 * `fromReais(1001.69) === 100169` (naive `1001.69 * 100` is `100168.99999999999`).
 */
export function fromReais(value: number, options: RoundingOptions = {}): Cents {
  if (Number.isFinite(value) && Math.abs(value) * 100 > MAX_REAIS_NUMBER_CENTS) throw outOfRange(options.field);
  const decimal = typeof value === 'number' ? decimalFromNumber(value) : undefined;
  if (decimal === undefined) {
    throw new DomainError(DomainErrorCode.MoneyInvalid, `Amount in reais must be a finite number, got ${describeValue(value)}`, {
      field: options.field,
    });
  }
  const scaled = toScaledInteger(decimal, 2, options.rounding ?? 'reject');
  if (scaled === undefined) {
    throw new DomainError(DomainErrorCode.MoneyPrecision, `Amount in reais has more than two decimal places: ${describeValue(value)}`, {
      field: options.field,
    });
  }
  if (!isSafeBigint(scaled)) throw outOfRange(options.field);
  return cents(Number(scaled));
}

/**
 * Centavos → decimal reais for partners that want numbers (loyalty `pontuacao_reais`, Looma cart messages).
 * Exact in the sense that matters: the result is the double nearest to the decimal, so `JSON.stringify`
 * prints `1001.69` and `fromReais(toReais(x)) === x`, for |x| ≤ `MAX_REAIS_NUMBER_CENTS`.
 */
export function toReais(amount: Cents): number {
  const value = cents(amount);
  if (Math.abs(value) > MAX_REAIS_NUMBER_CENTS) throw outOfRange(undefined);
  return value / 100;
}

export function add(a: Cents, b: Cents): Cents {
  return checked(a + b);
}

export function subtract(a: Cents, b: Cents): Cents {
  return checked(a - b);
}

export function negate(a: Cents): Cents {
  return cents(-a);
}

/** Amount × an integer quantity (unit price × items). */
export function multiply(amount: Cents, quantity: number, options: FieldOptions = {}): Cents {
  if (!Number.isSafeInteger(quantity)) {
    throw new DomainError(DomainErrorCode.QuantityInvalid, `Quantity must be an integer, got ${describeValue(quantity)}`, {
      field: options.field,
    });
  }
  return checked(amount * quantity, options.field);
}

/** Exact sum (intermediate totals may exceed the safe range as long as the result does not). */
export function sum(amounts: readonly Cents[]): Cents {
  let total = 0n;
  for (const amount of amounts) total += BigInt(cents(amount));
  if (!isSafeBigint(total)) throw outOfRange(undefined);
  return cents(Number(total));
}

/** For `Array.prototype.sort`. */
export function compareCents(a: Cents, b: Cents): number {
  return a - b;
}

/**
 * Splits `total` in proportion to `weights` (non-negative integers, e.g. line totals in centavos or
 * quantities), so that the parts add up to `total` exactly. Each part is the exact share rounded down; the
 * centavos left over go one each to the parts with the largest fractional remainders, earlier index first
 * on ties (largest-remainder method). Consequences callers rely on:
 * - a zero weight gets zero;
 * - every part is within one centavo of its exact share;
 * - when `total` ≤ the sum of the weights, no part exceeds its weight (a discount spread over lines in
 *   proportion to their amounts never exceeds a line);
 * - a negative total gives the negated split of its magnitude.
 */
export function allocate(total: Cents, weights: readonly number[], options: FieldOptions = {}): Cents[] {
  const amount = cents(total, options);
  const invalid = (message: string): DomainError => new DomainError(DomainErrorCode.AllocationInvalid, message, { field: options.field });
  if (weights.length === 0) throw invalid('Cannot allocate over an empty list of weights');
  let weightSum = 0n;
  const bigWeights = weights.map((weight, index) => {
    if (!Number.isSafeInteger(weight) || weight < 0) {
      throw invalid(`Weight ${index} must be a non-negative integer, got ${describeValue(weight)}`);
    }
    weightSum += BigInt(weight);
    return BigInt(weight);
  });
  if (weightSum === 0n) throw invalid('Cannot allocate: all weights are zero');

  const magnitude = BigInt(Math.abs(amount));
  const shares = bigWeights.map((weight, index) => ({
    index,
    floor: (magnitude * weight) / weightSum,
    remainder: (magnitude * weight) % weightSum,
  }));
  let leftover = magnitude - shares.reduce((acc, share) => acc + share.floor, 0n);
  const byRemainder = [...shares].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  const parts = shares.map((share) => share.floor);
  for (const share of byRemainder) {
    if (leftover === 0n) break;
    parts[share.index] = share.floor + 1n;
    leftover -= 1n;
  }
  return parts.map((part) => cents(amount < 0 ? -Number(part) : Number(part)));
}

/** `total` in `count` equal parts; leftover centavos go to the first parts (`splitEvenly(100, 3)` → 34, 33, 33). */
export function splitEvenly(total: Cents, count: number, options: FieldOptions = {}): Cents[] {
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new DomainError(DomainErrorCode.AllocationInvalid, `Cannot split into ${describeValue(count)} parts: need a positive integer`, {
      field: options.field,
    });
  }
  return allocate(total, new Array<number>(count).fill(1), options);
}

// ---- Percentages -------------------------------------------------------------------------------------

/** Checks that `value` is an integer number of basis points and brands it. */
export function basisPoints(value: number, options: FieldOptions = {}): BasisPoints {
  if (!Number.isSafeInteger(value)) {
    throw new DomainError(DomainErrorCode.PercentInvalid, `Basis points must be an integer, got ${describeValue(value)}`, {
      field: options.field,
    });
  }
  return (value === 0 ? 0 : value) as BasisPoints;
}

/**
 * A percentage number from a partner (`12.5` meaning 12.5 %, the chat platform's `discount` with
 * `discountMode: PERCENTAGE`, the store-credit provider's `peEntrada1: 20.00`) → basis points, exactly.
 * More than two decimals of a percent → `percent.invalid` unless a `rounding` is given.
 */
export function percentToBasisPoints(percent: number, options: RoundingOptions = {}): BasisPoints {
  const decimal = typeof percent === 'number' ? decimalFromNumber(percent) : undefined;
  const scaled = decimal && toScaledInteger(decimal, 2, options.rounding ?? 'reject');
  if (scaled === undefined || !isSafeBigint(scaled)) {
    throw new DomainError(DomainErrorCode.PercentInvalid, `Not a percentage with at most two decimals: ${describeValue(percent)}`, {
      field: options.field,
    });
  }
  return basisPoints(Number(scaled));
}

const PERCENT_TEXT = /^\s*(-)?\s*(\d+)(?:,(\d{1,2}))?\s*%?\s*$/;

/** `"27,00%"`, `"12,5 %"`, `"3"` → basis points (pt-BR decimal comma, `%` optional). */
export function parsePercent(text: string, options: FieldOptions = {}): BasisPoints {
  const match = typeof text === 'string' ? PERCENT_TEXT.exec(text) : null;
  const [, sign, integerPart, fraction = ''] = match ?? [];
  if (!match || integerPart === undefined) {
    throw new DomainError(DomainErrorCode.PercentInvalid, `Not a percentage: ${describeValue(text)} (expected e.g. "12,50%")`, {
      field: options.field,
    });
  }
  const magnitude = BigInt(integerPart + fraction.padEnd(2, '0'));
  if (!isSafeBigint(magnitude)) {
    throw new DomainError(DomainErrorCode.PercentInvalid, `Percentage out of range: ${describeValue(text)}`, {
      field: options.field,
    });
  }
  return basisPoints(sign ? -Number(magnitude) : Number(magnitude));
}

/** `1250` → `"12,50%"`. */
export function formatPercent(rate: BasisPoints): string {
  const value = basisPoints(rate);
  const magnitude = Math.abs(value);
  return `${value < 0 ? '-' : ''}${Math.trunc(magnitude / 100)},${(magnitude % 100).toString().padStart(2, '0')}%`;
}

/**
 * `rate` of `amount`, rounded to a centavo (default half-up, i.e. ties away from zero):
 * `percentOf(1999, 1000)` → 200 (10 % of R$ 19,99 = 199.9 centavos).
 */
export function percentOf(amount: Cents, rate: BasisPoints, rounding: Exclude<Rounding, 'reject'> = 'half-up'): Cents {
  const product = BigInt(cents(amount)) * BigInt(basisPoints(rate));
  const negative = product < 0n;
  const magnitude = divideRounded(negative ? -product : product, 10_000n, rounding) ?? 0n;
  const result = negative ? -magnitude : magnitude;
  if (!isSafeBigint(result)) throw outOfRange(undefined);
  return cents(Number(result));
}

// The result of arithmetic on Cents: a non-integer means a non-integer operand slipped in (money.invalid),
// an unsafe integer means overflow (money.out_of_range).
function checked(value: number, field?: string): Cents {
  return cents(value, { field });
}

function outOfRange(field: string | undefined): DomainError {
  return new DomainError(DomainErrorCode.MoneyOutOfRange, 'Amount is beyond the safe integer range of centavos (about ±R$ 90 trillion)', {
    field,
  });
}
