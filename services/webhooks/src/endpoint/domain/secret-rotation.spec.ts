import { DEFAULT_PREVIOUS_VALID_MS, previousValidForMs, rotateSecret } from './secret-rotation';

describe('secret rotation', () => {
  const now = new Date('2025-06-01T12:00:00.000Z');
  const hours = (n: number) => new Date(now.getTime() + n * 3_600_000);

  it('reads the window of the previous secret: 24h by default, at most 7d, 0 ends it', () => {
    expect(previousValidForMs(undefined)).toEqual({ ms: DEFAULT_PREVIOUS_VALID_MS });
    expect(previousValidForMs('1h')).toEqual({ ms: 3_600_000 });
    expect(previousValidForMs('7d')).toEqual({ ms: 7 * 86_400_000 });
    expect(previousValidForMs('0')).toEqual({ ms: 0 });
    expect(previousValidForMs('8d')).toEqual({ error: { field: 'previousValidFor', message: 'must be at most 7d' } });
    expect(previousValidForMs('one day')).toEqual({
      error: { field: 'previousValidFor', message: 'must be a duration such as 24h, 30m or 0 (ms, s, m, h, d)' },
    });
  });

  it('keeps the current secret signing beside the new one for the window', () => {
    expect(rotateSecret({ current: 'a', previous: null, previousExpiresAt: null }, 'b', 3_600_000, now)).toEqual({
      current: 'b',
      previous: 'a',
      previousExpiresAt: hours(1),
    });
  });

  it('drops an older previous secret: at most two sign at once', () => {
    expect(rotateSecret({ current: 'b', previous: 'a', previousExpiresAt: hours(5) }, 'c', 3_600_000, now)).toEqual({
      current: 'c',
      previous: 'b',
      previousExpiresAt: hours(1),
    });
  });

  it('ends the old secret at once with a window of 0', () => {
    expect(rotateSecret({ current: 'a', previous: null, previousExpiresAt: null }, 'b', 0, now)).toEqual({
      current: 'b',
      previous: null,
      previousExpiresAt: null,
    });
  });

  it('rotating to the current secret only moves the window of the previous one (end early, or extend)', () => {
    const during = { current: 'b', previous: 'a', previousExpiresAt: hours(5) };
    expect(rotateSecret(during, 'b', 0, now)).toEqual({ current: 'b', previous: null, previousExpiresAt: null });
    expect(rotateSecret(during, 'b', 48 * 3_600_000, now)).toEqual({ current: 'b', previous: 'a', previousExpiresAt: hours(48) });
    expect(rotateSecret({ current: 'b', previous: null, previousExpiresAt: null }, 'b', 3_600_000, now)).toEqual({
      current: 'b',
      previous: null,
      previousExpiresAt: null,
    });
  });
});
