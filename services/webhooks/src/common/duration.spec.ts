import { formatDuration, parseDuration, parseDurationList } from './duration';

describe('durations in config', () => {
  it('parses units', () => {
    expect(parseDurationList('10s,1m,5m,30m,2h,6h,12h')).toEqual([10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000]);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('150')).toBe(150);
  });

  it('names a bad entry', () => {
    expect(() => parseDuration('10 minutes')).toThrow('"10 minutes" is not a duration');
    expect(() => parseDurationList('10s,,1m')).toThrow('empty entry');
  });

  it('formats back', () => {
    expect(formatDuration(7_200_000)).toBe('2h');
    expect(formatDuration(1_500)).toBe('1500ms');
  });
});
