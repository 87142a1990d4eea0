/** Reads a bounded positive integer option (`--name=value`), so no run can ask for unbounded work. */
export function intOption(options: Map<string, string>, name: string, fallback: number, max: number): number {
  const raw = options.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be an integer between 1 and ${max}; got ${raw}`);
  return n;
}
