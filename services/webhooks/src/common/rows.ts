/** The rows of a raw query: TypeORM returns [rows, count] for UPDATE … RETURNING on Postgres and plain rows for SELECT. */
export function rowsOf(result: unknown): unknown[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as unknown[];
  return Array.isArray(result) ? result : [];
}
