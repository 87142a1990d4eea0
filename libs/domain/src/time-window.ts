// Instants, calendar dates and validity windows as the retailers see them: in America/Sao_Paulo.
// Offsets come from the time-zone database through Intl (never a hard-coded -03:00): Brazil dropped daylight
// saving time in 2019, but historical instants and any future change are handled by the tz data, not by us.
// An instant is a `Date`; a calendar date is an `IsoDate` string `YYYY-MM-DD` (no time, no zone).
import { describeValue, DomainError, DomainErrorCode, type FieldOptions } from './errors';

export const SAO_PAULO_TIME_ZONE = 'America/Sao_Paulo';

declare const isoDateBrand: unique symbol;
/** A valid calendar date `YYYY-MM-DD` (years 1000–9999). */
export type IsoDate = string & { readonly [isoDateBrand]: true };

/**
 * A validity window (a promotion's `vigência`): both ends inclusive, `null` = open on that side.
 * Inclusive because partners write ends as `…T23:59:59-03:00` or as a last valid day.
 */
export interface TimeWindow {
  start: Date | null;
  end: Date | null;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

// ---- Offsets ------------------------------------------------------------------------------------------

let formatter: Intl.DateTimeFormat | undefined;

function saoPauloFormatter(): Intl.DateTimeFormat {
  formatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: SAO_PAULO_TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return formatter;
}

const HOUR = 3_600_000;
const offsetByHour = new Map<number, number>();

/**
 * Milliseconds to add to UTC to get São Paulo wall-clock time at `epochMs` (−3 h today). Memoized per UTC hour
 * (Intl is slow and catalogs format millions of instants): an hour whose first and last millisecond agree has one
 * offset throughout, since the tz database changes São Paulo's offset on hour boundaries since 1914 (the one
 * exception, local mean time's end, disagrees at its ends and is never cached).
 */
function offsetAt(epochMs: number): number {
  const hour = Math.floor(epochMs / HOUR);
  const cached = offsetByHour.get(hour);
  if (cached !== undefined) return cached;
  const offset = intlOffsetAt(epochMs);
  if (intlOffsetAt(hour * HOUR) === offset && intlOffsetAt(hour * HOUR + HOUR - 1) === offset) {
    if (offsetByHour.size >= 100_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

function intlOffsetAt(epochMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of saoPauloFormatter().formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wallClock = utc(
    fields['year'] ?? 0,
    fields['month'] ?? 1,
    fields['day'] ?? 1,
    fields['hour'] ?? 0,
    fields['minute'] ?? 0,
    fields['second'] ?? 0,
    0,
  );
  return wallClock - (epochMs - mod(epochMs, 1000));
}

/** São Paulo's UTC offset at `instant` in minutes (−180 today; −120 during the daylight saving of old). */
export function saoPauloOffsetMinutes(instant: Date): number {
  return Math.round(offsetAt(epochOf(instant)) / MINUTE);
}

/**
 * The instant at which São Paulo wall clocks show the given local time. Like Temporal's `compatible`
 * disambiguation: a time that occurred twice (clocks turned back) gives the earlier instant; a time that
 * never occurred (clocks jumped forward) is moved forward by the jump.
 */
function fromSaoPauloWallClock(wallClock: number): number {
  const candidates = new Set([offsetAt(wallClock - DAY), offsetAt(wallClock), offsetAt(wallClock + DAY)]);
  let earliest: number | undefined;
  for (const offset of candidates) {
    const instant = wallClock - offset;
    if (offsetAt(instant) === offset && (earliest === undefined || instant < earliest)) earliest = instant;
  }
  // In a gap: read the wall-clock time with the offset in force before the jump.
  return earliest ?? wallClock - offsetAt(wallClock - DAY);
}

// ---- Instants -----------------------------------------------------------------------------------------

const INSTANT_TEXT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export interface ParseInstantOptions extends FieldOptions {
  /**
   * A timestamp without an offset (`2026-03-01T10:00:00`) is `reject`ed by default (`instant.invalid`);
   * `sao-paulo` reads it as São Paulo wall-clock time, for sources known to write local times.
   */
  withoutOffset?: 'reject' | 'sao-paulo';
}

/**
 * ISO 8601 / RFC 3339 timestamp with an offset → `Date`: `2026-03-01T10:00:00-03:00`,
 * `2026-03-01T13:00:00.250Z`, `2026-03-01 10:00-0300`. Fractions beyond milliseconds are truncated.
 * Impossible dates and times (Feb 30, 24:00, 10:60) are rejected rather than rolled over.
 */
export function parseInstant(text: string, options: ParseInstantOptions = {}): Date {
  const invalid = (why: string): DomainError =>
    new DomainError(DomainErrorCode.InstantInvalid, `Not an ISO 8601 timestamp: ${describeValue(text)} (${why})`, {
      field: options.field,
    });
  const match = typeof text === 'string' ? INSTANT_TEXT.exec(text.trim()) : null;
  if (!match) throw invalid('expected e.g. 2026-03-01T10:00:00-03:00');
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (!isCalendarDate(year, month, day)) throw invalid('no such date');
  if (hour > 23 || minute > 59 || second > 59) throw invalid('no such time');
  const millisecond = Number(fraction.padEnd(3, '0').slice(0, 3));
  const wallClock = utc(year, month, day, hour, minute, second, millisecond);
  if (zone === undefined) {
    if (options.withoutOffset !== 'sao-paulo') throw invalid('an offset such as Z or -03:00 is required');
    return new Date(fromSaoPauloWallClock(wallClock));
  }
  if (zone.toUpperCase() === 'Z') return new Date(wallClock);
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutes = Number(digits.slice(2) || '0');
  if (offsetHours > 23 || offsetMinutes > 59) throw invalid('no such offset');
  return new Date(wallClock - sign * (offsetHours * 60 + offsetMinutes) * MINUTE);
}

/** `Date` → `2026-03-01T10:00:00.000-03:00`, the offset being São Paulo's at that instant. */
export function toSaoPauloIso(instant: Date): string {
  const epoch = epochOf(instant);
  const offsetMinutes = Math.round(offsetAt(epoch) / MINUTE);
  const local = new Date(epoch + offsetMinutes * MINUTE);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `.${pad(local.getUTCMilliseconds(), 3)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

// ---- Calendar dates -----------------------------------------------------------------------------------

const ISO_DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `"2026-03-02"` → the same, branded; rejects impossible dates with `date.invalid`. */
export function parseIsoDate(text: string, options: FieldOptions = {}): IsoDate {
  const match = typeof text === 'string' ? ISO_DATE_TEXT.exec(text.trim()) : null;
  const [, y = '', m = '', d = ''] = match ?? [];
  if (!match || !isCalendarDate(Number(y), Number(m), Number(d))) {
    throw new DomainError(DomainErrorCode.DateInvalid, `Not a date YYYY-MM-DD: ${describeValue(text)}`, {
      field: options.field,
    });
  }
  return `${y}-${m}-${d}` as IsoDate;
}

const BRAZILIAN_DATE_TEXT = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** `"24/09/1953"` (dd/mm/yyyy, e.g. the loyalty program's `nascimento`) → `"1953-09-24"`. */
export function parseBrazilianDate(text: string, options: FieldOptions = {}): IsoDate {
  const match = typeof text === 'string' ? BRAZILIAN_DATE_TEXT.exec(text.trim()) : null;
  const [, d = '', m = '', y = ''] = match ?? [];
  if (!match || !isCalendarDate(Number(y), Number(m), Number(d))) {
    throw new DomainError(DomainErrorCode.DateInvalid, `Not a date dd/mm/yyyy: ${describeValue(text)}`, {
      field: options.field,
    });
  }
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}` as IsoDate;
}

/** `"1953-09-24"` → `"24/09/1953"`. */
export function formatBrazilianDate(date: IsoDate): string {
  const [y, m, d] = parseIsoDate(date).split('-');
  return `${d}/${m}/${y}`;
}

/** The São Paulo calendar date at `instant` (`2026-03-02T01:00:00Z` → `"2026-03-01"`). */
export function dateInSaoPaulo(instant: Date): IsoDate {
  return toSaoPauloIso(instant).slice(0, 10) as IsoDate;
}

/** `date` plus `days` (may be negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isSafeInteger(days)) {
    throw new DomainError(DomainErrorCode.DateInvalid, `Days must be an integer, got ${describeValue(days)}`);
  }
  const [y, m, d] = calendarParts(date);
  const shifted = new Date(utc(y, m, d, 0, 0, 0, 0) + days * DAY);
  return parseIsoDate(`${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  const [y, m, d] = calendarParts(date);
  const day = new Date(utc(y, m, d, 0, 0, 0, 0)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function isMonday(date: IsoDate): boolean {
  return isoWeekday(date) === 1;
}

/**
 * The first Monday after `date` (the B2B portal bills on Mondays only: `data_prev_faturamento`).
 * A Monday gives the following Monday unless `{ orSameDay: true }`, which returns it unchanged.
 * For "from now", pass `dateInSaoPaulo(now)`.
 */
export function nextMonday(date: IsoDate, options: { orSameDay?: boolean } = {}): IsoDate {
  const weekday = isoWeekday(date);
  if (weekday === 1 && options.orSameDay) return parseIsoDate(date);
  return addDays(date, 8 - weekday);
}

/** The first instant of `date` in São Paulo (00:00, or the first existing time if clocks jumped at midnight). */
export function startOfDayInSaoPaulo(date: IsoDate): Date {
  const [y, m, d] = calendarParts(date);
  return new Date(fromSaoPauloWallClock(utc(y, m, d, 0, 0, 0, 0)));
}

/** The last millisecond of `date` in São Paulo (23:59:59.999 local): the instant before the next day starts. */
export function endOfDayInSaoPaulo(date: IsoDate): Date {
  return new Date(startOfDayInSaoPaulo(addDays(date, 1)).getTime() - 1);
}

// ---- Windows ------------------------------------------------------------------------------------------

export interface TimeWindowOptions {
  startField?: string;
  endField?: string;
}

/** A window from two instants (either may be null = open); rejects `start` after `end` (`time_window.invalid`). */
export function timeWindow(start: Date | null, end: Date | null, options: TimeWindowOptions = {}): TimeWindow {
  const from = start === null ? null : new Date(epochOf(start, options.startField));
  const to = end === null ? null : new Date(epochOf(end, options.endField));
  if (from !== null && to !== null && from.getTime() > to.getTime()) {
    throw new DomainError(
      DomainErrorCode.TimeWindowInvalid,
      `Window starts (${toSaoPauloIso(from)}) after it ends (${toSaoPauloIso(to)})`,
      { field: options.endField },
    );
  }
  return { start: from, end: to };
}

/**
 * A window from partner timestamps (`promotionStart`/`promotionEnd`), each an ISO 8601 string with offset,
 * or null/undefined/empty for an open end.
 */
export function parseTimeWindow(
  start: string | null | undefined,
  end: string | null | undefined,
  options: TimeWindowOptions & Pick<ParseInstantOptions, 'withoutOffset'> = {},
): TimeWindow {
  const read = (text: string | null | undefined, field: string | undefined): Date | null =>
    text === null || text === undefined || text.trim() === '' ? null : parseInstant(text, { field, withoutOffset: options.withoutOffset });
  return timeWindow(read(start, options.startField), read(end, options.endField), options);
}

/** The whole São Paulo days from `firstDay` through `lastDay` (a promotion "valid 01/03 to 31/03"). */
export function saoPauloDayRange(firstDay: IsoDate, lastDay: IsoDate): TimeWindow {
  return timeWindow(startOfDayInSaoPaulo(firstDay), endOfDayInSaoPaulo(lastDay));
}

/** Whether `instant` falls in the window, ends included. */
export function isWithin(window: TimeWindow, instant: Date): boolean {
  const at = epochOf(instant);
  if (window.start !== null && at < epochOf(window.start)) return false;
  if (window.end !== null && at > epochOf(window.end)) return false;
  return true;
}

// ---- Helpers ------------------------------------------------------------------------------------------

// Duck-typed rather than `instanceof Date`: Temporal's workflow sandbox substitutes its own Date.
function epochOf(instant: Date, field?: string): number {
  const epoch = instant !== null && typeof instant === 'object' && typeof instant.getTime === 'function' ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(epoch)) {
    throw new DomainError(DomainErrorCode.InstantInvalid, `Not a valid instant: ${describeValue(instant)}`, { field });
  }
  return epoch;
}

function calendarParts(date: IsoDate): [number, number, number] {
  const [y, m, d] = parseIsoDate(date).split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(utc(year, month + 1, 0, 0, 0, 0, 0)).getUTCDate();
}

// Date.UTC with a 1-based month; years 0–99 are not remapped to 19xx (they are rejected earlier anyway).
function utc(year: number, month: number, day: number, h: number, mi: number, s: number, ms: number): number {
  const date = new Date(Date.UTC(2000, 0, 1, h, mi, s, ms));
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}
