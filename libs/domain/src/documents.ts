// Brazilian tax documents: CPF (people, 11 digits) and CNPJ (companies, 14 characters). From July 2026 the
// Receita Federal issues alphanumeric CNPJs: 12 characters [0-9A-Z] followed by 2 numeric check digits; the
// numeric CNPJs stay valid and are the special case where the 12 characters happen to be digits.
// Errors and masks never echo a full document: it is personal data (LGPD).
import { DomainError, DomainErrorCode, type FieldOptions } from './errors';

declare const cpfBrand: unique symbol;
/** A valid CPF, normalised to its 11 digits (`"52998224725"`). */
export type Cpf = string & { readonly [cpfBrand]: true };

declare const cnpjBrand: unique symbol;
/** A valid CNPJ, normalised to 14 upper-case characters (`"11222333000181"`, `"12ABC34501DE35"`). */
export type Cnpj = string & { readonly [cnpjBrand]: true };

export type DocumentType = 'cpf' | 'cnpj';
export type TaxDocument = { type: 'cpf'; value: Cpf } | { type: 'cnpj'; value: Cnpj };

// Punctuation people and partners put in documents: dots, slash, hyphens (incl. Unicode dashes), spaces.
const SEPARATORS = /[\s./\-\u2010-\u2015]/g;
const CPF_SHAPE = /^\d{11}$/;
const CPF_BASE = /^\d{9}$/;
const CNPJ_SHAPE = /^[0-9A-Z]{12}\d{2}$/;
const CNPJ_BASE = /^[0-9A-Z]{12}$/;

function strip(input: string): string {
  return input.replace(SEPARATORS, '');
}

// ---- CPF ----------------------------------------------------------------------------------------------

/**
 * The two check digits of a CPF base (9 digits). Each digit is mod 11 of the weighted sum (weights 10..2,
 * then 11..2 including the first check digit); a remainder below 2 gives 0, otherwise 11 − remainder.
 */
export function cpfCheckDigits(base: string): string {
  if (!CPF_BASE.test(base)) {
    throw new DomainError(DomainErrorCode.CpfInvalid, 'A CPF base is 9 digits');
  }
  const digits = [...base].map(Number);
  const first = mod11Digit(digits, 10);
  const second = mod11Digit([...digits, first], 11);
  return `${first}${second}`;
}

function mod11Digit(values: readonly number[], firstWeight: number): number {
  let total = 0;
  values.forEach((value, index) => (total += value * (firstWeight - index)));
  const remainder = total % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

export function isValidCpf(input: string): boolean {
  return cpfProblem(input) === undefined;
}

/** Normalises (`"529.982.247-25"` → `"52998224725"`) and validates, or throws `cpf.invalid`. */
export function parseCpf(input: string, options: FieldOptions = {}): Cpf {
  const problem = cpfProblem(input);
  if (problem !== undefined) throw new DomainError(DomainErrorCode.CpfInvalid, problem, { field: options.field });
  return strip(input) as Cpf;
}

function cpfProblem(input: unknown): string | undefined {
  if (typeof input !== 'string') return 'CPF must be text';
  const value = strip(input);
  if (!CPF_SHAPE.test(value)) return `CPF must have 11 digits (got ${value.length} characters)`;
  // Repeated digits pass the check-digit test but are never issued.
  if (/^(\d)\1{10}$/.test(value)) return 'CPF with all digits equal is not valid';
  if (cpfCheckDigits(value.slice(0, 9)) !== value.slice(9)) {
    return `CPF ${maskDocument(value)} has wrong check digits`;
  }
  return undefined;
}

/** `"52998224725"` → `"529.982.247-25"`; throws `cpf.invalid` for an invalid CPF. */
export function formatCpf(cpf: string): string {
  const v = parseCpf(cpf);
  return `${v.slice(0, 3)}.${v.slice(3, 6)}.${v.slice(6, 9)}-${v.slice(9)}`;
}

// ---- CNPJ ---------------------------------------------------------------------------------------------

/**
 * The two check digits of a CNPJ base (12 characters [0-9A-Z]), valid for numeric and alphanumeric CNPJs:
 * each character counts as its ASCII code − 48 ('0'..'9' → 0..9, 'A' → 17 … 'Z' → 42); weights 2..9
 * cycle from the rightmost character leftwards; remainder of the sum mod 11 below 2 gives 0, otherwise
 * 11 − remainder. The second digit repeats this over the base plus the first digit.
 */
export function cnpjCheckDigits(base: string): string {
  const normalised = typeof base === 'string' ? base.toUpperCase() : '';
  if (!CNPJ_BASE.test(normalised)) {
    throw new DomainError(DomainErrorCode.CnpjInvalid, 'A CNPJ base is 12 characters, digits or letters A-Z');
  }
  const values = [...normalised].map((char) => char.charCodeAt(0) - 48);
  const first = cnpjDigit(values);
  const second = cnpjDigit([...values, first]);
  return `${first}${second}`;
}

function cnpjDigit(values: readonly number[]): number {
  let total = 0;
  for (let i = values.length - 1, weight = 2; i >= 0; i -= 1, weight = weight === 9 ? 2 : weight + 1) {
    total += (values[i] ?? 0) * weight;
  }
  const remainder = total % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

export function isValidCnpj(input: string): boolean {
  return cnpjProblem(input) === undefined;
}

/**
 * Normalises (`"12.abc.345/01de-35"` → `"12ABC34501DE35"`: separators dropped, letters upper-cased) and
 * validates, or throws `cnpj.invalid`.
 */
export function parseCnpj(input: string, options: FieldOptions = {}): Cnpj {
  const problem = cnpjProblem(input);
  if (problem !== undefined) throw new DomainError(DomainErrorCode.CnpjInvalid, problem, { field: options.field });
  return strip(input).toUpperCase() as Cnpj;
}

function cnpjProblem(input: unknown): string | undefined {
  if (typeof input !== 'string') return 'CNPJ must be text';
  const value = strip(input).toUpperCase();
  if (!CNPJ_SHAPE.test(value)) {
    return `CNPJ must have 12 digits or letters followed by 2 check digits (got ${value.length} characters)`;
  }
  if (/^(.)\1{13}$/.test(value)) return 'CNPJ with all characters equal is not valid';
  if (cnpjCheckDigits(value.slice(0, 12)) !== value.slice(12)) {
    return `CNPJ ${maskDocument(value)} has wrong check digits`;
  }
  return undefined;
}

/** `"11222333000181"` → `"11.222.333/0001-81"`; `"12ABC34501DE35"` → `"12.ABC.345/01DE-35"`. */
export function formatCnpj(cnpj: string): string {
  const v = parseCnpj(cnpj);
  return `${v.slice(0, 2)}.${v.slice(2, 5)}.${v.slice(5, 8)}/${v.slice(8, 12)}-${v.slice(12)}`;
}

/** True for the new format (a letter anywhere in the first 12 characters); some partners accept digits only. */
export function isAlphanumericCnpj(cnpj: Cnpj): boolean {
  return /[A-Z]/.test(cnpj);
}

// ---- Either -------------------------------------------------------------------------------------------

/**
 * `'cpf'` or `'cnpj'` when `input` is a *valid* document of that type, else `undefined`.
 * Do not use it to tell a document from a phone number: about one 11-digit mobile number in a hundred
 * also passes the CPF check digits. Know which field you are reading.
 */
export function detectDocumentType(input: string): DocumentType | undefined {
  if (isValidCpf(input)) return 'cpf';
  if (isValidCnpj(input)) return 'cnpj';
  return undefined;
}

/** A CPF or a CNPJ (e.g. the chat platform's `customer.taxDocument`), or throws `document.invalid`. */
export function parseTaxDocument(input: string, options: FieldOptions = {}): TaxDocument {
  if (isValidCpf(input)) return { type: 'cpf', value: parseCpf(input) };
  if (isValidCnpj(input)) return { type: 'cnpj', value: parseCnpj(input) };
  const length = typeof input === 'string' ? strip(input).length : 0;
  const problem =
    length === 11 ? cpfProblem(input) : length === 14 ? cnpjProblem(input) : 'Expected a CPF (11 digits) or a CNPJ (14 characters)';
  throw new DomainError(DomainErrorCode.DocumentInvalid, problem ?? 'Not a CPF or CNPJ', { field: options.field });
}

export function formatTaxDocument(document: TaxDocument): string {
  return document.type === 'cpf' ? formatCpf(document.value) : formatCnpj(document.value);
}

/**
 * Log-safe rendering of anything that may be a document; never throws and never returns the full value.
 * CPF-shaped (11 digits) → `"***.456.789-**"` (the masking the Brazilian government uses);
 * CNPJ-shaped (14 characters) → `"**.345.678/****-**"`; anything else → every letter and digit as `*`.
 */
export function maskDocument(input: string): string {
  if (typeof input !== 'string') return '***';
  const value = strip(input).toUpperCase();
  if (CPF_SHAPE.test(value)) return `***.${value.slice(3, 6)}.${value.slice(6, 9)}-**`;
  if (CNPJ_SHAPE.test(value)) return `**.${value.slice(2, 5)}.${value.slice(5, 8)}/****-**`;
  return input.replace(/[0-9A-Za-z]/g, '*');
}
