// Exact decimal arithmetic on bigint, used internally so that no amount ever goes through a binary float
// multiplication (1001.69 * 100 === 100168.99999999999). Not exported from the package.

/** How to treat digits beyond the target precision. */
export type Rounding =
  /** Refuse: the value must be exact at the target precision. */
  | 'reject'
  /** Ties away from zero (2.5 → 3, −2.5 → −3): commercial rounding. */
  | 'half-up'
  /** Ties to even (2.5 → 2, 3.5 → 4): ABNT NBR 5891 / banker's rounding. */
  | 'half-even'
  /** Toward zero. */
  | 'down';

/** value = (negative ? −1 : 1) × units × 10^−scale, units ≥ 0. */
export interface ExactDecimal {
  negative: boolean;
  units: bigint;
  scale: number;
}

const NUMBER_TEXT = /^(-)?(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/**
 * The decimal a JSON number stood for. `String(n)` is the shortest text that reads back as the same double,
 * i.e. the literal the partner wrote (for up to 15 significant digits), so this recovers `1001.69` exactly.
 */
export function decimalFromNumber(value: number): ExactDecimal | undefined {
  if (!Number.isFinite(value)) return undefined;
  const match = NUMBER_TEXT.exec(String(value));
  if (!match) return undefined;
  const [, sign, int = '', frac = '', exp = '0'] = match;
  let units = BigInt(int + frac);
  let scale = frac.length - Number(exp);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { negative: sign === '-' && units !== 0n, units, scale };
}

/** Divides n ≥ 0 by d > 0 with the given rounding; undefined when `reject` and inexact. */
export function divideRounded(n: bigint, d: bigint, rounding: Rounding): bigint | undefined {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  switch (rounding) {
    case 'reject':
      return undefined;
    case 'down':
      return q;
    case 'half-up':
      return 2n * r >= d ? q + 1n : q;
    case 'half-even': {
      const twice = 2n * r;
      if (twice > d) return q + 1n;
      if (twice < d) return q;
      return q % 2n === 0n ? q : q + 1n;
    }
  }
}

/** Signed integer count of 10^−targetScale units, rounded; undefined when `reject` and inexact. */
export function toScaledInteger(d: ExactDecimal, targetScale: number, rounding: Rounding): bigint | undefined {
  let magnitude: bigint | undefined;
  if (d.scale <= targetScale) magnitude = d.units * 10n ** BigInt(targetScale - d.scale);
  else magnitude = divideRounded(d.units, 10n ** BigInt(d.scale - targetScale), rounding);
  if (magnitude === undefined) return undefined;
  return d.negative ? -magnitude : magnitude;
}

export const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function isSafeBigint(n: bigint): boolean {
  return n <= MAX_SAFE && n >= -MAX_SAFE;
}
