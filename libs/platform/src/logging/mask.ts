/**
 * PII and secret masking for logs. Full CPFs/CNPJs never reach a log line: a CPF keeps only its middle
 * digits (`***.456.789-**`), a CNPJ its branch; bearer tokens, API keys and anything under a secret-ish key
 * become `[redacted]`.
 */
const CPF = /(?<![0-9])(\d{3})\.?(\d{3})\.?(\d{3})-?(\d{2})(?![0-9])/g;
// Numeric and 2026 alphanumeric CNPJ: 12 alphanumerics + 2 digits, optionally punctuated.
const CNPJ = /(?<![0-9A-Za-z])([0-9A-Z]{2})\.?([0-9A-Z]{3})\.?([0-9A-Z]{3})\/?([0-9A-Z]{4})-?(\d{2})(?![0-9])/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const API_KEY = /\blh_[A-Za-z0-9]+_[A-Za-z0-9]+\b/g;
const WHSEC = /\bwhsec_[A-Za-z0-9+/=]+/g;

export const SECRET_KEYS = /(pass(word)?|secret|token|authorization|api[-_]?key|cookie|credential|authtoken|codigo|signature)/i;
export const DOCUMENT_KEYS = /^(cpf|cnpj|document|documento|taxdocument|cpfcnpj|number)$/i;

export function maskString(value: string): string {
  return value
    .replace(BEARER, '$1 [redacted]')
    .replace(API_KEY, 'lh_[redacted]')
    .replace(WHSEC, 'whsec_[redacted]')
    .replace(CNPJ, (_m, _a: string, _b: string, _c: string, branch: string) => `**.***.***/${branch}-**`)
    .replace(CPF, (_m, _a: string, b: string, c: string) => `***.${b}.${c}-**`);
}

/** Deep copy with secrets redacted and documents masked; cycles and depth are bounded. */
export function maskValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return maskString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8 || seen.has(value)) return '[truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => maskValue(v, depth + 1, seen));
  if (value instanceof Error) {
    return { name: value.name, message: maskString(value.message), stack: value.stack && maskString(value.stack) };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (SECRET_KEYS.test(k) && v != null && v !== '') out[k] = '[redacted]';
    else if (DOCUMENT_KEYS.test(k) && (typeof v === 'string' || typeof v === 'number')) out[k] = maskDocument(String(v));
    else out[k] = maskValue(v, depth + 1, seen);
  }
  return out;
}

/** Masks a value known to be a CPF/CNPJ whatever its punctuation: keeps at most 4 middle characters. */
export function maskDocument(doc: string): string {
  const clean = doc.replace(/[^0-9A-Za-z]/g, '');
  if (clean.length <= 4) return '****';
  if (clean.length === 11) return `***.${clean.slice(3, 6)}.${clean.slice(6, 9)}-**`;
  if (clean.length === 14) return `**.***.***/${clean.slice(8, 12)}-**`;
  return `${'*'.repeat(clean.length - 4)}${clean.slice(-4)}`;
}
