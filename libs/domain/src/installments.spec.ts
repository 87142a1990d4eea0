import fc from 'fast-check';
import { DomainError } from './errors';
import {
  amortizationSchedule,
  interestFreeSplit,
  MAX_INSTALLMENTS,
  maxInstallmentCount,
  priceTable,
  type PriceTableInput,
} from './installments';
import { type Cents, sum } from './money';

function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const c = (n: number): Cents => n as Cents;

// Floating-point oracle: the textbook formula, good to ~1e-9 centavos for these magnitudes.
function floatPayment(principal: number, ratePercent: number, count: number): number {
  const i = ratePercent / 100;
  return i === 0 ? principal / count : (principal * i) / (1 - (1 + i) ** -count);
}

describe('interestFreeSplit', () => {
  it('gives the remainder to the last installment', () => {
    expect(interestFreeSplit(c(100000), 3)).toEqual({
      principal: 100000,
      count: 3,
      regular: 33333,
      last: 33334,
      total: 100000,
      interest: 0,
      installments: [33333, 33333, 33334],
    });
    expect(interestFreeSplit(c(100), 3).installments).toEqual([33, 33, 34]);
    expect(interestFreeSplit(c(1000), 10).installments).toEqual(new Array(10).fill(100));
    expect(interestFreeSplit(c(5), 5).installments).toEqual([1, 1, 1, 1, 1]);
    expect(interestFreeSplit(c(7), 1).installments).toEqual([7]);
  });

  it('always sums to the total with a last installment at most count − 1 centavos larger', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_INSTALLMENTS }), fc.integer({ min: 0, max: 1e12 }), (count, extra) => {
        const total = count + extra;
        const plan = interestFreeSplit(c(total), count);
        expect(plan.installments).toHaveLength(count);
        expect(sum(plan.installments)).toBe(total);
        expect(plan.last - plan.regular).toBeGreaterThanOrEqual(0);
        expect(plan.last - plan.regular).toBeLessThan(count);
      }),
    );
  });

  it.each([
    [0, 3, 'total must be positive'],
    [-100, 3, 'total must be positive'],
    [2, 3, 'at least one centavo'],
    [100, 0, 'count must be an integer from 1 to 420'],
    [100, 421, 'count must be an integer'],
    [100, 2.5, 'count must be an integer'],
  ])('rejects total %p in %p installments', (total, count, message) => {
    const error = caught(() => interestFreeSplit(c(total), count));
    expect(error.code).toBe('installments.invalid');
    expect(error.message).toContain(message);
  });

  it('rejects a fractional total as money', () => {
    expect(caught(() => interestFreeSplit(c(10.5), 2))).toMatchObject({ code: 'money.invalid', field: 'total' });
  });
});

describe('priceTable', () => {
  it('computes the textbook example: R$ 1.000,00 at 1 % a month in 12', () => {
    // PMT = 1000 · 0.01 / (1 − 1.01^−12) = 88.8487887… → 88,85 eleven times; the last pays off the balance.
    const plan = priceTable({ principal: c(100000), monthlyRatePercent: 1, count: 12 });
    expect(plan.regular).toBe(8885);
    expect(plan.last).toBe(8884);
    expect(plan.total).toBe(11 * 8885 + 8884);
    expect(plan.interest).toBe(6619);
    expect(plan.installments).toEqual([...new Array(11).fill(8885), 8884]);
  });

  it('computes R$ 10.000,00 at 2 % a month in 10', () => {
    // PMT = 1113.2652… → 1.113,27 nine times; overpaying 0.47 centavo a month leaves less for the last.
    const plan = priceTable({ principal: c(1_000_000), monthlyRatePercent: 2, count: 10 });
    expect(plan.regular).toBe(111327);
    expect(plan.last).toBe(111322);
    expect(plan.total).toBe(9 * 111327 + 111322);
  });

  it('charges one month of interest for a single installment', () => {
    expect(priceTable({ principal: c(100000), monthlyRatePercent: 2.5, count: 1 }).installments).toEqual([102500]);
    expect(priceTable({ principal: c(333), monthlyRatePercent: 1.5, count: 1 }).installments).toEqual([338]); // 337.995
  });

  it('is the interest-free split at 0 %', () => {
    expect(priceTable({ principal: c(100000), monthlyRatePercent: 0, count: 3 })).toEqual(interestFreeSplit(c(100000), 3));
  });

  it('accepts rates with up to 8 decimals and up to 420 installments', () => {
    const plan = priceTable({ principal: c(50_000_000), monthlyRatePercent: 0.87654321, count: 420 });
    expect(sum(plan.installments)).toBe(plan.total);
    expect(Math.abs(plan.regular - floatPayment(50_000_000, 0.87654321, 420))).toBeLessThanOrEqual(0.5 + 1e-6);
  });

  const inputs = fc.record({
    principal: fc.integer({ min: 480_000, max: 1e10 }), // at least R$ 100 per installment
    rateBp: fc.integer({ min: 1, max: 1000 }),
    count: fc.integer({ min: 1, max: 48 }),
  });

  it('refuses installments so small that rounding would pay the loan off early', () => {
    // R$ 10,00 in 51 at 5.81 %: PMT ≈ 60.6 centavos, rounded to 61, repays the balance by month 50.
    const error = caught(() => priceTable({ principal: c(1000), monthlyRatePercent: 5.81, count: 51 }));
    expect(error).toMatchObject({ code: 'installments.invalid', field: 'principal' });
    expect(error.message).toContain('too small');
  });

  it('matches the floating-point formula to the centavo and sums to the total', () => {
    fc.assert(
      fc.property(inputs, ({ principal, rateBp, count }) => {
        const rate = rateBp / 100;
        const plan = priceTable({ principal: c(principal), monthlyRatePercent: rate, count });
        const payment = floatPayment(principal, rate, count);
        expect(plan.installments).toHaveLength(count);
        expect(plan.installments.slice(0, -1).every((x) => x === plan.regular)).toBe(true);
        expect(sum(plan.installments)).toBe(plan.total);
        expect(plan.interest).toBe(plan.total - principal);
        expect(plan.interest).toBeGreaterThanOrEqual(0);
        expect(Math.abs(plan.regular - payment)).toBeLessThanOrEqual(0.5 + 1e-6);
        // The balance drifts from the exact one by at most 1 centavo a month (½ from rounding `regular`,
        // ½ from rounding the interest), compounding; the last installment absorbs that drift.
        const i = rate / 100;
        const drift = (1 + i) * (((1 + i) ** (count - 1) - 1) / i) + 0.5 + 1e-6;
        expect(Math.abs(plan.last - payment)).toBeLessThanOrEqual(drift);
        expect(Math.abs(plan.total - count * payment)).toBeLessThanOrEqual(drift + 0.5 * (count - 1));
      }),
    );
  });

  it('never charges less than interest-free', () => {
    fc.assert(
      fc.property(inputs, ({ principal, rateBp, count }) => {
        const priced = priceTable({ principal: c(principal), monthlyRatePercent: rateBp / 100, count });
        expect(priced.total).toBeGreaterThanOrEqual(principal);
      }),
    );
  });

  it.each<[Partial<PriceTableInput>, string, string]>([
    [{ principal: c(0) }, 'principal', 'must be positive'],
    [{ principal: c(-1) }, 'principal', 'must be positive'],
    [{ principal: c(5), count: 10 }, 'count', 'at least one centavo'],
    [{ count: 0 }, 'count', 'from 1 to 420'],
    [{ count: 421 }, 'count', 'from 1 to 420'],
    [{ monthlyRatePercent: -1 }, 'monthlyRatePercent', 'from 0 to 100'],
    [{ monthlyRatePercent: 100.5 }, 'monthlyRatePercent', 'from 0 to 100'],
    [{ monthlyRatePercent: Number.NaN }, 'monthlyRatePercent', 'from 0 to 100'],
    [{ monthlyRatePercent: 1 / 3 }, 'monthlyRatePercent', 'at most 8 decimals'],
  ])('rejects %p with installments.invalid on %s', (override, field, message) => {
    const error = caught(() => priceTable({ principal: c(100000), monthlyRatePercent: 2, count: 10, ...override }));
    expect(error).toMatchObject({ code: 'installments.invalid', field });
    expect(error.message).toContain(message);
  });
});

describe('amortizationSchedule', () => {
  it('splits each payment into interest on the balance and amortisation', () => {
    const rows = amortizationSchedule({ principal: c(100000), monthlyRatePercent: 1, count: 12 });
    expect(rows[0]).toEqual({ number: 1, payment: 8885, interest: 1000, amortization: 7885, balance: 92115 });
    expect(rows[1]).toEqual({ number: 2, payment: 8885, interest: 921, amortization: 7964, balance: 84151 });
    expect(rows[11]).toEqual({ number: 12, payment: 8884, interest: 88, amortization: 8796, balance: 0 });
  });

  it('is all amortisation at 0 %', () => {
    expect(amortizationSchedule({ principal: c(100), monthlyRatePercent: 0, count: 3 })).toEqual([
      { number: 1, payment: 33, interest: 0, amortization: 33, balance: 67 },
      { number: 2, payment: 33, interest: 0, amortization: 33, balance: 34 },
      { number: 3, payment: 34, interest: 0, amortization: 34, balance: 0 },
    ]);
  });

  it('amortises exactly the principal and collects exactly the total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 600_000, max: 1e13 }), // R$ 100 or more per installment
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 60 }),
        (principal, rateBp, count) => {
          const input = { principal: c(principal), monthlyRatePercent: rateBp / 100, count };
          const rows = amortizationSchedule(input);
          const plan = priceTable(input);
          expect(rows.map((r) => r.payment)).toEqual(plan.installments);
          expect(sum(rows.map((r) => r.amortization))).toBe(principal);
          expect(sum(rows.map((r) => r.interest))).toBe(plan.interest);
          expect(rows.at(-1)?.balance).toBe(0);
          let previous = principal;
          for (const row of rows) {
            expect(row.payment).toBe(row.interest + row.amortization);
            expect(row.balance).toBe(previous - row.amortization);
            expect(row.balance).toBeLessThan(previous);
            expect(Math.abs(row.interest - (previous * rateBp) / 10000)).toBeLessThanOrEqual(0.5 + 1e-6);
            previous = row.balance;
          }
        },
      ),
    );
  });
});

describe('maxInstallmentCount', () => {
  it.each([
    [100000, 3000, 10, 10], // R$ 1.000 with a R$ 30 minimum: all 10
    [10000, 3000, 10, 3], // R$ 100: 3 × 33,33
    [9000, 3000, 10, 3], // exactly R$ 30 each
    [8999, 3000, 10, 2],
    [2000, 3000, 10, 1], // below the minimum: pay in full
    [100000, 0, 12, 12],
    [5, 0, 12, 5],
  ])('total %p, minimum %p, at most %p → %p', (total, minimumInstallment, maxCount, expected) => {
    const count = maxInstallmentCount({ total: c(total), minimumInstallment: c(minimumInstallment), maxCount });
    expect(count).toBe(expected);
    if (expected > 1) expect(interestFreeSplit(c(total), count).regular).toBeGreaterThanOrEqual(minimumInstallment);
  });

  it('rejects a bad maximum', () => {
    expect(caught(() => maxInstallmentCount({ total: c(100), minimumInstallment: c(1), maxCount: 0 }))).toMatchObject({
      code: 'installments.invalid',
      field: 'maxCount',
    });
  });
});
