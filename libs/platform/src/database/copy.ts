import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';

/** A value COPY can carry: text (a jsonb column takes its JSON as text), numbers, booleans, instants, text arrays. */
export type CopyValue = string | number | boolean | Date | null | undefined | readonly string[];

// pg-copy-streams moves the bytes; encoding rows in COPY's text format is ours (no maintained library does it): a
// backslash, tab, newline or carriage return is backslash-escaped, null is \N, an array is a quoted literal.
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const NEEDS_ESCAPE = /[\\\n\r\t]/;
const NEEDS_ARRAY_ESCAPE = /[\\"]/;
// Most values need no escaping: a test is much cheaper than a replace with a callback (a full sync encodes millions).
const escapeText = (s: string): string => (NEEDS_ESCAPE.test(s) ? s.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c] ?? c) : s);
const arrayElement = (s: string): string => `"${NEEDS_ARRAY_ESCAPE.test(s) ? s.replace(/[\\"]/g, (c) => `\\${c}`) : s}"`;

function field(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return escapeText(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError(`COPY cannot carry ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  return escapeText(`{${v.map(arrayElement).join(',')}}`);
}

/** One row in COPY text format (tab-separated, newline-terminated). Arrays of strings go to `text[]`. */
export function copyRow(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i ? '\t' : '') + field(values[i]);
  return `${line}\n`;
}

/**
 * Streams rows into `table (columns)` with COPY FROM STDIN on the connection of `manager`'s transaction, so the rows
 * commit or roll back with the rest of it. Rows are encoded in chunks: memory stays at one chunk, not the batch.
 */
export async function copyInto<T>(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly T[],
  toValues: (row: T) => readonly CopyValue[],
): Promise<void> {
  if (!rows.length) return;
  const client = await pgClientOf(manager);
  const sql = `COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`;
  const CHUNK = 500;
  function* chunks(): Generator<string> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      let text = '';
      for (const row of rows.slice(i, i + CHUNK)) text += copyRow(toValues(row));
      yield text;
    }
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(sql)));
}

/** The pg client under a TypeORM transaction (COPY needs the raw connection). */
export async function pgClientOf(manager: EntityManager): Promise<PoolClient> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('COPY must run inside a transaction (its rows commit with it)');
  return (await runner.connect()) as PoolClient;
}
