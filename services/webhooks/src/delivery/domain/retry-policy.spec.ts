import { disableReason, maxAttempts, retryAfterMs, retryDelayMs } from './retry-policy';

const schedule = [10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000];

describe('retry schedule', () => {
  it('follows the schedule exactly without jitter, then gives up', () => {
    expect(schedule.map((_, i) => retryDelayMs(i + 1, schedule, 0))).toEqual(schedule);
    expect(retryDelayMs(schedule.length + 1, schedule, 0)).toBeNull();
    expect(maxAttempts(schedule)).toBe(8);
  });

  it('keeps every jittered delay within ±20% of the scheduled one', () => {
    for (let attempt = 1; attempt <= schedule.length; attempt++) {
      const base = schedule[attempt - 1]!;
      for (const r of [0, 0.0001, 0.25, 0.5, 0.75, 0.9999]) {
        const d = retryDelayMs(attempt, schedule, 0.2, () => r)!;
        expect(d).toBeGreaterThanOrEqual(Math.floor(base * 0.8));
        expect(d).toBeLessThanOrEqual(Math.ceil(base * 1.2));
      }
      expect(retryDelayMs(attempt, schedule, 0.2, () => 0)).toBe(Math.round(base * 0.8));
    }
  });

  it('actually spreads retries (real randomness)', () => {
    const seen = new Set(Array.from({ length: 50 }, () => retryDelayMs(1, schedule, 0.2)));
    expect(seen.size).toBeGreaterThan(10);
    for (const d of seen) {
      expect(d).toBeGreaterThanOrEqual(8_000);
      expect(d).toBeLessThanOrEqual(12_000);
    }
  });

  it('refuses attempt numbers that are not positive integers', () => {
    expect(() => retryDelayMs(0, schedule, 0.2)).toThrow('positive integer');
    expect(() => retryDelayMs(1.5, schedule, 0.2)).toThrow('positive integer');
  });
});

describe('endpoint disable policy', () => {
  const policy = { afterDead: 20, afterMs: 24 * 3_600_000 };
  const now = new Date('2026-03-02T12:00:00Z');

  it('keeps an endpoint that fails now and then', () => {
    expect(disableReason({ consecutiveDead: 19, failingSince: new Date('2026-03-02T00:00:00Z') }, policy, now)).toBeNull();
    expect(disableReason({ consecutiveDead: 0, failingSince: null }, policy, now)).toBeNull();
  });

  it('disables after 20 dead deliveries in a row', () => {
    expect(disableReason({ consecutiveDead: 20, failingSince: now }, policy, now)).toMatch(/20 deliveries in a row/);
  });

  it('disables when every attempt failed for more than 24 h', () => {
    const reason = disableReason({ consecutiveDead: 1, failingSince: new Date('2026-03-01T11:00:00Z') }, policy, now);
    expect(reason).toMatch(/for 25 h/);
    expect(disableReason({ consecutiveDead: 1, failingSince: new Date('2026-03-01T12:00:00Z') }, policy, now)).toBeNull();
  });
});

describe('disable policy by count', () => {
  it('never disables by count when the count rule is off (0, the default)', () => {
    const now = new Date('2026-03-02T12:00:00Z');
    expect(disableReason({ consecutiveDead: 500, failingSince: now }, { afterDead: 0, afterMs: 5 * 86_400_000 }, now)).toBeNull();
  });
});

describe('Retry-After', () => {
  const max = 3_600_000;
  const now = Date.parse('2026-03-02T12:00:00Z');

  it('takes seconds or an HTTP date on 429 and 503 only', () => {
    expect(retryAfterMs(429, '7', max, now)).toBe(7_000);
    expect(retryAfterMs(503, 'Mon, 02 Mar 2026 12:00:30 GMT', max, now)).toBe(30_000);
    expect(retryAfterMs(500, '7', max, now)).toBeNull();
    expect(retryAfterMs(429, null, max, now)).toBeNull();
    expect(retryAfterMs(429, 'soon', max, now)).toBeNull();
  });

  it('caps a long wait and floors a date in the past at zero', () => {
    expect(retryAfterMs(429, '86400', max, now)).toBe(max);
    expect(retryAfterMs(503, 'Mon, 02 Mar 2026 11:00:00 GMT', max, now)).toBe(0);
  });
});
