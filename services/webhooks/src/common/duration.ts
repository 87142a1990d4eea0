const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `500ms`, `10s`, `5m`, `2h`, `1d` → milliseconds; a bare number is milliseconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!m?.[1]) throw new Error(`"${text}" is not a duration (e.g. 500ms, 10s, 5m, 2h, 1d)`);
  const ms = Number(m[1]) * (UNITS[m[2] ?? 'ms'] ?? 1);
  if (!Number.isFinite(ms)) throw new Error(`"${text}" is too large`);
  return Math.round(ms);
}

/** `10s,1m,5m` → [10000, 60000, 300000]. */
export function parseDurationList(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new Error('empty entry in the list');
  return parts.map(parseDuration);
}

export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', UNITS.d],
    ['h', UNITS.h],
    ['m', UNITS.m],
    ['s', UNITS.s],
  ] as const) {
    if (size && ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
