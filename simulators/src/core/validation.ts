import { type z } from 'zod';

export interface ValidationIssue {
  /** Path of the offending field, e.g. "items[0].quantity"; "" for the body itself. */
  field: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issue: ValidationIssue };

/** Validates input with a zod schema and reports the first problem with a readable field path. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  if (!issue) return { ok: false, issue: { field: '', message: 'invalid input' } };
  return { ok: false, issue: { field: fieldPath(issue.path), message: issue.message } };
}

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    const name = String(key);
    return acc ? `${acc}.${name}` : name;
  }, '');
}
