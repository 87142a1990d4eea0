/**
 * Time helpers for America/Sao_Paulo. Brazil has had no daylight saving time since 2019, so the zone is a fixed
 * UTC-03:00 and partners print timestamps with that offset.
 */

const OFFSET_MS = 3 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Epoch ms → "2026-11-23T14:20:00.000-03:00". */
export function toSaoPauloIso(epochMs: number): string {
  return new Date(epochMs - OFFSET_MS).toISOString().replace('Z', '-03:00');
}

/** Epoch ms → the calendar date in São Paulo, "2026-11-23". */
export function toSaoPauloDate(epochMs: number): string {
  return new Date(epochMs - OFFSET_MS).toISOString().slice(0, 10);
}

/** Epoch ms → "23/11/2026" (dd/mm/yyyy), the format Brazilian partners print and accept. */
export function toBrDate(epochMs: number): string {
  const [y, m, d] = toSaoPauloDate(epochMs).split('-');
  return `${d}/${m}/${y}`;
}

/** Parses an ISO 8601 timestamp that carries an offset or Z; null otherwise (a bare local time is ambiguous). */
export function parseIsoWithOffset(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Parses "YYYY-MM-DD" as a real calendar date; returns the São Paulo midnight of that day as epoch ms. */
export function parseDateOnly(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const utc = Date.UTC(y, m - 1, d);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  return utc + OFFSET_MS;
}

/** Parses "dd/mm/yyyy" into "YYYY-MM-DD"; null when it is not a real date. */
export function parseBrDate(value: string): string | null {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  if (!match) return null;
  const iso = `${match[3]}-${match[2]}-${match[1]}`;
  return parseDateOnly(iso) === null ? null : iso;
}

/** Day of week (0 = Sunday … 1 = Monday) of a "YYYY-MM-DD" date. */
export function weekdayOf(dateOnly: string): number | null {
  const ms = parseDateOnly(dateOnly);
  return ms === null ? null : new Date(ms - OFFSET_MS).getUTCDay();
}

/** Adds whole days to a "YYYY-MM-DD" date. */
export function addDays(dateOnly: string, days: number): string {
  const ms = parseDateOnly(dateOnly);
  if (ms === null) throw new RangeError(`not a date: ${dateOnly}`);
  return toSaoPauloDate(ms + days * DAY_MS);
}

/** Adds calendar months to a "YYYY-MM-DD" date, clamping to the month's last day (31/01 + 1 month → 28/02). */
export function addMonths(dateOnly: string, months: number): string {
  const [y, m, d] = dateOnly.split('-').map(Number) as [number, number, number];
  const targetMonth = m - 1 + months;
  const year = y + Math.floor(targetMonth / 12);
  const month = ((targetMonth % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The first Monday on or after a "YYYY-MM-DD" date. */
export function nextMondayOnOrAfter(dateOnly: string): string {
  const weekday = weekdayOf(dateOnly);
  if (weekday === null) throw new RangeError(`not a date: ${dateOnly}`);
  return addDays(dateOnly, (8 - weekday) % 7);
}

export const DAY_IN_MS = DAY_MS;
