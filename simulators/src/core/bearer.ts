import { timingSafeEqual } from 'node:crypto';

/** The token of an "Authorization: Bearer <token>" header, or null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1] ?? null;
}

/** Constant-time comparison against a list of accepted secrets. */
export function matchesAny(candidate: string, accepted: readonly string[]): boolean {
  const c = Buffer.from(candidate);
  let found = false;
  for (const token of accepted) {
    const t = Buffer.from(token);
    if (t.length === c.length && timingSafeEqual(t, c)) found = true;
  }
  return found;
}

/** The first value of a request header. */
export function headerValue(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}
