/**
 * Opaque keyset cursor for the product feed. Products are ordered by (updatedAt, id); the cursor carries the last
 * key a client has seen, so pages stay stable while the catalog changes (a product updated mid-walk simply shows
 * up again at the end, which an incremental sync tolerates).
 */
export interface CursorKey {
  updatedAtMs: number;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.updatedAtMs, key.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [updatedAtMs, id] = parsed as unknown[];
    if (typeof updatedAtMs !== 'number' || !Number.isSafeInteger(updatedAtMs) || typeof id !== 'string') return null;
    return { updatedAtMs, id };
  } catch {
    return null;
  }
}

export function compareKeys(a: CursorKey, b: CursorKey): number {
  if (a.updatedAtMs !== b.updatedAtMs) return a.updatedAtMs - b.updatedAtMs;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
