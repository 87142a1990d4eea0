// Codes and names compared the way people type them: case, accents and surrounding space ignored.
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Coupon code as stored and looked up: `bem-vindo10`, `BEM-VINDO10 ` and `Bém-Vindo10` are one code. */
export function normalizeCode(code: string): string {
  return code.normalize('NFD').replace(COMBINING_MARKS, '').trim().toUpperCase();
}

/** Category, manufacturer and collection names as targets compare them. */
export function normalizeName(name: string): string {
  // Pure ASCII (most catalog names) skips the Unicode work.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(name)) return name.trim().toLowerCase();
  return name.normalize('NFD').replace(COMBINING_MARKS, '').trim().toLowerCase();
}
