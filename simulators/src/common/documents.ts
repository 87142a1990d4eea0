/**
 * Brazilian tax documents: CPF (11 digits) and CNPJ (14 characters; from July 2026 the first 12 may be letters,
 * each worth its ASCII code minus 48, while the two check digits stay numeric).
 */

export type DocumentKind = 'cpf' | 'cnpj';

/** Strips punctuation (".", "-", "/", spaces) and upper-cases letters. */
export function normalizeDocument(value: string): string {
  return value.replace(/[\s./-]/g, '').toUpperCase();
}

export function isValidCpf(value: string): boolean {
  const cpf = normalizeDocument(value);
  if (!/^\d{11}$/.test(cpf) || /^(\d)\1{10}$/.test(cpf)) return false;
  const digits = [...cpf].map(Number);
  return cpfCheckDigit(digits.slice(0, 9)) === digits[9] && cpfCheckDigit(digits.slice(0, 10)) === digits[10];
}

export function isValidCnpj(value: string): boolean {
  const cnpj = normalizeDocument(value);
  if (!/^[0-9A-Z]{12}\d{2}$/.test(cnpj) || /^(\d)\1{13}$/.test(cnpj)) return false;
  const values = [...cnpj].map((c) => c.charCodeAt(0) - 48);
  return cnpjCheckDigit(values.slice(0, 12)) === values[12] && cnpjCheckDigit(values.slice(0, 13)) === values[13];
}

/** The kind of a valid document, or null when it is neither a valid CPF nor a valid CNPJ. */
export function documentKind(value: string): DocumentKind | null {
  if (isValidCpf(value)) return 'cpf';
  if (isValidCnpj(value)) return 'cnpj';
  return null;
}

/** Appends the two check digits to a 9-digit CPF base (used to build fixtures). */
export function completeCpf(base9: string): string {
  const digits = [...base9].map(Number);
  const first = cpfCheckDigit(digits);
  const second = cpfCheckDigit([...digits, first]);
  return `${base9}${first}${second}`;
}

/** Appends the two check digits to a 12-character CNPJ base (used to build fixtures). */
export function completeCnpj(base12: string): string {
  const values = [...base12.toUpperCase()].map((c) => c.charCodeAt(0) - 48);
  const first = cnpjCheckDigit(values);
  const second = cnpjCheckDigit([...values, first]);
  return `${base12.toUpperCase()}${first}${second}`;
}

/** "12345678909" → "***.456.789-**" — enough to recognise a customer in a log line, not enough to leak the CPF. */
export function maskDocument(value: string): string {
  const doc = normalizeDocument(value);
  if (doc.length <= 4) return '*'.repeat(doc.length);
  return `${'*'.repeat(3)}${doc.slice(3, -2)}${'*'.repeat(2)}`;
}

function cpfCheckDigit(digits: number[]): number {
  const weightStart = digits.length + 1;
  const sum = digits.reduce((acc, d, i) => acc + d * (weightStart - i), 0);
  const rest = (sum * 10) % 11;
  return rest === 10 ? 0 : rest;
}

function cnpjCheckDigit(values: number[]): number {
  const weights = values.length === 12 ? [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] : [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
  const sum = values.reduce((acc, v, i) => acc + v * (weights[i] ?? 0), 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}
