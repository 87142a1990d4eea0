import {
  addDays,
  addMonths,
  nextMondayOnOrAfter,
  parseBrDate,
  parseDateOnly,
  parseIsoWithOffset,
  toBrDate,
  toSaoPauloDate,
  toSaoPauloIso,
  weekdayOf,
} from './dates';

describe('dates (America/Sao_Paulo)', () => {
  it('prints instants with the -03:00 offset and the local calendar date', () => {
    const ms = Date.parse('2026-11-24T02:30:00Z');
    expect(toSaoPauloIso(ms)).toBe('2026-11-23T23:30:00.000-03:00');
    expect(toSaoPauloDate(ms)).toBe('2026-11-23');
    expect(toBrDate(ms)).toBe('23/11/2026');
    expect(Date.parse(toSaoPauloIso(ms))).toBe(ms);
  });

  it('accepts only timestamps with an offset', () => {
    expect(parseIsoWithOffset('2026-11-23T10:00:00-03:00')).toBe(Date.parse('2026-11-23T13:00:00Z'));
    expect(parseIsoWithOffset('2026-11-23T10:00:00Z')).toBe(Date.parse('2026-11-23T10:00:00Z'));
    expect(parseIsoWithOffset('2026-11-23T10:00:00')).toBeNull();
    expect(parseIsoWithOffset('yesterday')).toBeNull();
  });

  it('validates calendar dates', () => {
    expect(parseDateOnly('2026-02-30')).toBeNull();
    expect(parseBrDate('24/09/1953')).toBe('1953-09-24');
    expect(parseBrDate('31/02/2000')).toBeNull();
  });

  it('does calendar arithmetic', () => {
    expect(weekdayOf('2026-11-23')).toBe(1);
    expect(nextMondayOnOrAfter('2026-11-23')).toBe('2026-11-23');
    expect(nextMondayOnOrAfter('2026-11-24')).toBe('2026-11-30');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
  });
});
