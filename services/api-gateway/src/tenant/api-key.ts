import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomBase62(length: number): string {
  // Rejection sampling keeps every character uniformly likely.
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** `lh_<prefix>_<secret>`: the prefix finds the row, the whole key is checked against its SHA-256. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBase62(12);
  const key = `lh_${prefix}_${randomBase62(40)}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function parseApiKey(key: string): { prefix: string } | null {
  const m = /^lh_([A-Za-z0-9]{12})_([A-Za-z0-9]{40})$/.exec(key);
  return m?.[1] ? { prefix: m[1] } : null;
}

export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function generateTenantId(): string {
  return `tn_${randomBase62(14).toLowerCase()}`;
}
