import fc from 'fast-check';
import { DomainError } from './errors';
import {
  addDays,
  dateInSaoPaulo,
  endOfDayInSaoPaulo,
  formatBrazilianDate,
  type IsoDate,
  isMonday,
  isoWeekday,
  isWithin,
  nextMonday,
  parseBrazilianDate,
  parseInstant,
  parseIsoDate,
  parseTimeWindow,
  saoPauloDayRange,
  saoPauloOffsetMinutes,
  startOfDayInSaoPaulo,
  timeWindow,
  toSaoPauloIso,
} from './time-window';

function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const d = (text: string): IsoDate => parseIsoDate(text);
const at = (iso: string): Date => new Date(iso);
const HOUR = 3_600_000;

// Instants from 1970 to 2100: covers the daylight-saving decades and the years after 2019.
const instants = fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms));
const dates = fc.integer({ min: 0, max: 47_000 }).map((days) => addDays(d('1970-01-01'), days));

describe('parseInstant', () => {
  it.each([
    ['2026-03-01T10:00:00-03:00', '2026-03-01T13:00:00.000Z'],
    ['2026-03-01T13:00:00Z', '2026-03-01T13:00:00.000Z'],
    ['2026-03-01T13:00:00.250Z', '2026-03-01T13:00:00.250Z'],
    ['2026-03-01T13:00:00.123456789Z', '2026-03-01T13:00:00.123Z'],
    ['2026-03-01T13:00:00,5Z', '2026-03-01T13:00:00.500Z'],
    ['2026-03-01 10:00-0300', '2026-03-01T13:00:00.000Z'],
    ['2026-03-01T10:00:00-03', '2026-03-01T13:00:00.000Z'],
    ['2026-03-01t13:00:00z', '2026-03-01T13:00:00.000Z'],
    ['2026-03-01T18:30:00+05:30', '2026-03-01T13:00:00.000Z'],
    ['2026-03-01T13:00:00-00:00', '2026-03-01T13:00:00.000Z'],
    ['2024-02-29T00:00:00-03:00', '2024-02-29T03:00:00.000Z'],
    ['  2026-03-01T10:00:00-03:00 ', '2026-03-01T13:00:00.000Z'],
  ])('reads %p as %p', (text, expected) => {
    expect(parseInstant(text).toISOString()).toBe(expected);
  });

  it.each([
    ['2026-03-01T10:00:00', 'offset'],
    ['2026-03-01', 'expected e.g.'],
    ['2026-02-30T10:00:00Z', 'no such date'],
    ['2025-02-29T10:00:00Z', 'no such date'],
    ['2026-13-01T10:00:00Z', 'no such date'],
    ['2026-03-01T24:00:00Z', 'no such time'],
    ['2026-03-01T10:60:00Z', 'no such time'],
    ['2026-03-01T10:00:60Z', 'no such time'],
    ['2026-03-01T10:00:00+24:00', 'no such offset'],
    ['2026-3-1T10:00:00Z', 'expected e.g.'],
    ['01/03/2026 10:00', 'expected e.g.'],
    ['', 'expected e.g.'],
  ])('rejects %p (%s) with instant.invalid', (text, why) => {
    const error = caught(() => parseInstant(text, { field: 'promotionStart' }));
    expect(error).toMatchObject({ code: 'instant.invalid', field: 'promotionStart' });
    expect(error.message).toContain(why);
  });

  it('rejects non-text input', () => {
    expect(caught(() => parseInstant(1234 as unknown as string))).toMatchObject({ code: 'instant.invalid' });
  });

  it('can read offset-less timestamps as São Paulo time when told to', () => {
    const opts = { withoutOffset: 'sao-paulo' } as const;
    expect(parseInstant('2026-03-01T10:00:00', opts).toISOString()).toBe('2026-03-01T13:00:00.000Z');
    expect(parseInstant('2018-12-01T10:00:00', opts).toISOString()).toBe('2018-12-01T12:00:00.000Z'); // DST, −02:00
    // 2018-11-04: clocks jumped from 00:00 to 01:00, so 00:30 never happened: moved forward to 01:30.
    expect(parseInstant('2018-11-04T00:30:00', opts).toISOString()).toBe('2018-11-04T03:30:00.000Z');
    // 2019-02-17: clocks went back from 00:00 to 23:00, so 23:30 on the 16th happened twice: the first.
    expect(parseInstant('2019-02-16T23:30:00', opts).toISOString()).toBe('2019-02-17T01:30:00.000Z');
    // An explicit offset always wins.
    expect(parseInstant('2026-03-01T10:00:00Z', opts).toISOString()).toBe('2026-03-01T10:00:00.000Z');
  });
});

describe('São Paulo offsets', () => {
  it('comes from the time-zone database, daylight saving included', () => {
    expect(saoPauloOffsetMinutes(at('2026-07-01T12:00:00Z'))).toBe(-180);
    expect(saoPauloOffsetMinutes(at('2018-12-01T12:00:00Z'))).toBe(-120);
    expect(saoPauloOffsetMinutes(at('2019-06-01T12:00:00Z'))).toBe(-180);
    expect(saoPauloOffsetMinutes(at('2019-12-01T12:00:00Z'))).toBe(-180); // DST abolished in 2019
  });

  it('formats an instant with the offset in force', () => {
    expect(toSaoPauloIso(at('2026-03-02T03:00:00Z'))).toBe('2026-03-02T00:00:00.000-03:00');
    expect(toSaoPauloIso(at('2026-03-02T02:59:59.999Z'))).toBe('2026-03-01T23:59:59.999-03:00');
    expect(toSaoPauloIso(at('2018-12-01T12:00:00Z'))).toBe('2018-12-01T10:00:00.000-02:00');
  });

  it('round-trips every instant through toSaoPauloIso and parseInstant', () => {
    fc.assert(fc.property(instants, (instant) => expect(parseInstant(toSaoPauloIso(instant)).getTime()).toBe(instant.getTime())));
  });

  it('rejects an invalid Date', () => {
    expect(caught(() => toSaoPauloIso(new Date('nope')))).toMatchObject({ code: 'instant.invalid' });
  });
});

describe('days in São Paulo', () => {
  it('gives the local date of an instant', () => {
    expect(dateInSaoPaulo(at('2026-03-02T02:59:59.999Z'))).toBe('2026-03-01');
    expect(dateInSaoPaulo(at('2026-03-02T03:00:00Z'))).toBe('2026-03-02');
  });

  it('starts and ends a day at local midnight', () => {
    expect(startOfDayInSaoPaulo(d('2026-03-02')).toISOString()).toBe('2026-03-02T03:00:00.000Z');
    expect(endOfDayInSaoPaulo(d('2026-03-02')).toISOString()).toBe('2026-03-03T02:59:59.999Z');
  });

  it('handles the days daylight saving began (23 h, no midnight) and ended (25 h)', () => {
    expect(startOfDayInSaoPaulo(d('2018-11-04')).toISOString()).toBe('2018-11-04T03:00:00.000Z'); // 01:00 −02:00
    expect(endOfDayInSaoPaulo(d('2018-11-04')).getTime() + 1 - startOfDayInSaoPaulo(d('2018-11-04')).getTime()).toBe(23 * HOUR);
    expect(startOfDayInSaoPaulo(d('2019-02-16')).toISOString()).toBe('2019-02-16T02:00:00.000Z');
    expect(endOfDayInSaoPaulo(d('2019-02-16')).toISOString()).toBe('2019-02-17T02:59:59.999Z');
  });

  it('bounds every day exactly: its first and last instants are in it, their neighbours are not', () => {
    fc.assert(
      fc.property(dates, (date) => {
        const start = startOfDayInSaoPaulo(date);
        const end = endOfDayInSaoPaulo(date);
        expect(dateInSaoPaulo(start)).toBe(date);
        expect(dateInSaoPaulo(end)).toBe(date);
        expect(dateInSaoPaulo(new Date(start.getTime() - 1))).toBe(addDays(date, -1));
        expect(dateInSaoPaulo(new Date(end.getTime() + 1))).toBe(addDays(date, 1));
      }),
    );
  });
});

describe('calendar dates', () => {
  it('validates ISO dates', () => {
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    for (const bad of ['2025-02-29', '2026-04-31', '2026-00-10', '0999-01-01', '2026-1-01', '20260101', '']) {
      expect(caught(() => parseIsoDate(bad, { field: 'data_prev_faturamento' }))).toMatchObject({
        code: 'date.invalid',
        field: 'data_prev_faturamento',
      });
    }
  });

  it('reads and writes dd/mm/yyyy', () => {
    expect(parseBrazilianDate('24/09/1953')).toBe('1953-09-24');
    expect(parseBrazilianDate('1/2/2026')).toBe('2026-02-01');
    expect(formatBrazilianDate(d('1953-09-24'))).toBe('24/09/1953');
    for (const bad of ['31/02/2026', '2026-02-01', '24/09/53', '']) {
      expect(caught(() => parseBrazilianDate(bad, { field: 'nascimento' }))).toMatchObject({
        code: 'date.invalid',
        field: 'nascimento',
      });
    }
  });

  it('adds days across months, leap years and years', () => {
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2025-02-28'), 1)).toBe('2025-03-01');
    expect(addDays(d('2026-12-31'), 1)).toBe('2027-01-01');
    expect(addDays(d('2026-01-01'), -1)).toBe('2025-12-31');
    expect(addDays(d('2026-03-02'), 0)).toBe('2026-03-02');
    expect(caught(() => addDays(d('2026-03-02'), 0.5))).toMatchObject({ code: 'date.invalid' });
  });

  it('knows the weekday', () => {
    expect(isoWeekday(d('2026-03-02'))).toBe(1);
    expect(isoWeekday(d('2026-03-01'))).toBe(7);
    expect(isoWeekday(d('2000-01-01'))).toBe(6);
    expect(isMonday(d('2026-03-02'))).toBe(true);
    expect(isMonday(d('2026-03-03'))).toBe(false);
  });
});

describe('nextMonday', () => {
  it.each([
    ['2026-03-01', '2026-03-02'], // Sunday
    ['2026-02-28', '2026-03-02'], // Saturday, across a month
    ['2026-03-03', '2026-03-09'], // Tuesday
    ['2026-03-02', '2026-03-09'], // Monday → the following one
    ['2026-12-31', '2027-01-04'], // across a year
  ])('after %p is %p', (from, expected) => {
    expect(nextMonday(d(from))).toBe(expected);
  });

  it('can keep a Monday as is', () => {
    expect(nextMonday(d('2026-03-02'), { orSameDay: true })).toBe('2026-03-02');
    expect(nextMonday(d('2026-03-03'), { orSameDay: true })).toBe('2026-03-09');
  });

  it('always lands on a Monday within the next seven days', () => {
    fc.assert(
      fc.property(dates, fc.boolean(), (date, orSameDay) => {
        const monday = nextMonday(date, { orSameDay });
        expect(isMonday(monday)).toBe(true);
        const gap = (Date.parse(monday) - Date.parse(date)) / (24 * HOUR);
        expect(gap).toBeGreaterThanOrEqual(orSameDay ? 0 : 1);
        expect(gap).toBeLessThanOrEqual(7);
      }),
    );
  });

  it('works from "now" through dateInSaoPaulo (Sunday 23:30 local is still Sunday)', () => {
    const sundayNight = at('2026-03-02T02:30:00Z'); // 2026-03-01 23:30 −03:00
    expect(nextMonday(dateInSaoPaulo(sundayNight))).toBe('2026-03-02');
  });
});

describe('time windows', () => {
  const window = parseTimeWindow('2026-03-01T00:00:00-03:00', '2026-03-31T23:59:59-03:00');

  it('includes both ends', () => {
    expect(isWithin(window, at('2026-03-01T03:00:00Z'))).toBe(true);
    expect(isWithin(window, at('2026-04-01T02:59:59Z'))).toBe(true);
    expect(isWithin(window, at('2026-03-15T12:00:00Z'))).toBe(true);
    expect(isWithin(window, at('2026-03-01T02:59:59.999Z'))).toBe(false);
    expect(isWithin(window, at('2026-04-01T02:59:59.001Z'))).toBe(false);
  });

  it('treats a missing end as open', () => {
    expect(isWithin(parseTimeWindow(null, '2026-03-31T23:59:59-03:00'), at('1999-01-01T00:00:00Z'))).toBe(true);
    expect(isWithin(parseTimeWindow('2026-03-01T00:00:00-03:00', undefined), at('2999-01-01T00:00:00Z'))).toBe(true);
    expect(isWithin(parseTimeWindow('', '  '), at('2026-03-01T00:00:00Z'))).toBe(true);
    expect(isWithin(timeWindow(null, null), at('2026-03-01T00:00:00Z'))).toBe(true);
  });

  it('allows a window of one instant and rejects one that ends before it starts', () => {
    const instant = at('2026-03-01T12:00:00Z');
    expect(isWithin(timeWindow(instant, instant), instant)).toBe(true);
    const error = caught(() =>
      parseTimeWindow('2026-03-31T00:00:00-03:00', '2026-03-01T00:00:00-03:00', {
        startField: 'promotionStart',
        endField: 'promotionEnd',
      }),
    );
    expect(error).toMatchObject({ code: 'time_window.invalid', field: 'promotionEnd' });
    expect(error.message).toContain('2026-03-31T00:00:00.000-03:00');
  });

  it('names the field of a bad timestamp', () => {
    expect(caught(() => parseTimeWindow('2026-03-01T00:00:00-03:00', 'soon', { endField: 'promotionEnd' }))).toMatchObject({
      code: 'instant.invalid',
      field: 'promotionEnd',
    });
  });

  it('copies the dates it is given', () => {
    const start = at('2026-03-01T00:00:00Z');
    const w = timeWindow(start, null);
    start.setUTCFullYear(2030);
    expect(w.start?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('rejects invalid instants', () => {
    expect(caught(() => isWithin(window, new Date(Number.NaN)))).toMatchObject({ code: 'instant.invalid' });
    expect(caught(() => timeWindow(new Date(Number.NaN), null, { startField: 'from' }))).toMatchObject({
      code: 'instant.invalid',
      field: 'from',
    });
  });

  it('spans whole São Paulo days with saoPauloDayRange', () => {
    const march = saoPauloDayRange(d('2026-03-01'), d('2026-03-31'));
    expect(isWithin(march, parseInstant('2026-03-01T00:00:00-03:00'))).toBe(true);
    expect(isWithin(march, parseInstant('2026-03-31T23:59:59.999-03:00'))).toBe(true);
    expect(isWithin(march, parseInstant('2026-02-28T23:59:59.999-03:00'))).toBe(false);
    expect(isWithin(march, parseInstant('2026-04-01T00:00:00-03:00'))).toBe(false);
    expect(isWithin(saoPauloDayRange(d('2026-03-01'), d('2026-03-01')), parseInstant('2026-03-01T12:00:00-03:00'))).toBe(true);
    expect(caught(() => saoPauloDayRange(d('2026-03-02'), d('2026-03-01')))).toMatchObject({ code: 'time_window.invalid' });
  });

  it('agrees with the calendar: an instant is in a day range iff its local date is', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 10 }), fc.integer({ min: -48 * HOUR, max: 14 * 24 * HOUR }), (first, length, shift) => {
        const last = addDays(first, length);
        const instant = new Date(startOfDayInSaoPaulo(first).getTime() + shift);
        const local = dateInSaoPaulo(instant);
        expect(isWithin(saoPauloDayRange(first, last), instant)).toBe(local >= first && local <= last);
      }),
    );
  });
});
