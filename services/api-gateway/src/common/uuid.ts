import { createHash } from 'node:crypto';

/** RFC 9562 UUID v5 (SHA-1, name-based): the same tenant + external id always gives the same order id. */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1')
    .update(Buffer.concat([ns, Buffer.from(name, 'utf8')]))
    .digest();
  const b = hash.subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Namespace of order ids derived from chat-platform order ids. */
export const ORDER_ID_NAMESPACE = '6f1c2e0a-4b7d-4d8e-9a51-3c2b1f0e9d77';
