// Installment math in integer centavos. The Price table (French amortisation, "Tabela Price") is computed with
// exact rational arithmetic on bigint, so the result is the same on every machine and every replay of a
// Temporal workflow: no Math.pow, no binary floats.
import { decimalFromNumber, divideRounded, isSafeBigint } from './decimal';
import { describeValue, DomainError, DomainErrorCode } from './errors';
import { type Cents, cents } from './money';

/** Upper bound for `count`: 420 months (35 years) is the longest Brazilian financing term. */
export const MAX_INSTALLMENTS = 420;
/** Monthly rates are given as a percent with at most this many decimals (`1.99`, `2.4875`). */
const MAX_RATE_DECIMALS = 8;

export interface InstallmentPlan {
  principal: Cents;
  count: number;
  /** Each of the first `count − 1` installments. */
  regular: Cents;
  /** The last installment: takes the rounding remainder (see `priceTable`, `interestFreeSplit`). */
  last: Cents;
  /** The sum of all installments. */
  total: Cents;
  /** `total − principal`. */
  interest: Cents;
  /** `count` amounts: `regular` repeated, then `last`. */
  installments: Cents[];
}

export interface PriceTableInput {
  /** Amount financed (after any down payment), in centavos. */
  principal: Cents;
  /** Monthly interest rate as a percent: `1.99` means 1.99 % a month. `0` gives an interest-free split. */
  monthlyRatePercent: number;
  /** Number of monthly installments, 1 to `MAX_INSTALLMENTS`. */
  count: number;
}

/**
 * Price table (French amortisation: equal installments, interest on the outstanding balance).
 *
 * With principal P, monthly rate i and n installments, the exact installment is
 *
 *     PMT = P · i · (1 + i)^n / ((1 + i)^n − 1)          (PMT = P / n when i = 0)
 *
 * computed exactly as a fraction, then:
 * - `regular` = PMT rounded to the centavo (ties up), paid in months 1 … n − 1;
 * - each month's interest is the outstanding balance × i rounded to the centavo (ties up), and the rest of
 *   the payment amortises the balance (see `amortizationSchedule`);
 * - `last` = the balance still outstanding before month n plus that month's interest: the last installment
 *   takes the rounding remainder, so the balance ends at exactly zero;
 * - `total` = the sum of the installments (= principal + all interest), exactly.
 * `last` differs from the exact PMT by the rounding carried through the months (at most one centavo a month,
 * compounding at i): in the worst case ((1 + i)^n − 1) / i centavos, e.g. 45 centavos for 24 installments at
 * 5 %; usually a few.
 *
 * With i = 0 this is `interestFreeSplit(P, n)`.
 * Throws `installments.invalid` for a non-positive principal, a principal under one centavo per
 * installment, a rate outside 0–100 % or with more than 8 decimals, a count outside 1–420, or
 * installments so small (a few centavos) that rounding would pay the loan off before the last month.
 */
export function priceTable(input: PriceTableInput): InstallmentPlan {
  const principal = positiveCents(input.principal, 'principal');
  const count = validCount(input.count, 'count');
  const rate = exactRate(input.monthlyRatePercent);
  if (rate.numerator === 0n) return interestFreeSplit(principal, count);
  requireCentavoPerInstallment(principal, count);
  const rows = schedule(principal, count, rate);
  const regular = rows[0]?.payment ?? principal;
  const last = rows[rows.length - 1]?.payment ?? principal;
  return plan(principal, count, regular, last);
}

// The Price-table schedule for a positive rate (inputs already validated).
function schedule(principal: Cents, count: number, rate: ExactRate): AmortizationRow[] {
  // i = k / d;  PMT = P·k·(d + k)^n / (d·((d + k)^n − d^n))
  const { numerator: k, denominator: d } = rate;
  const growth = (d + k) ** BigInt(count);
  const regular = divideRounded(BigInt(principal) * k * growth, d * (growth - d ** BigInt(count)), 'half-up') ?? 0n;
  const rows: AmortizationRow[] = [];
  let balance = BigInt(principal);
  for (let number = 1; number <= count; number += 1) {
    const interest = divideRounded(balance * k, d, 'half-up') ?? 0n;
    const payment = number === count ? balance + interest : regular;
    const amortization = payment - interest;
    balance -= amortization;
    if (number < count ? balance <= 0n : payment < 1n) {
      // Only for installments of a few centavos, where rounding outweighs the amortisation.
      throw new DomainError(
        DomainErrorCode.InstallmentsInvalid,
        'Installments are too small for centavo rounding: the loan would be paid off early',
        { field: 'principal' },
      );
    }
    if (!isSafeBigint(payment)) {
      throw new DomainError(DomainErrorCode.InstallmentsInvalid, 'Installment is beyond the safe range', {
        field: 'principal',
      });
    }
    rows.push({
      number,
      payment: cents(Number(payment)),
      interest: cents(Number(interest)),
      amortization: cents(Number(amortization)),
      balance: cents(Number(balance)),
    });
  }
  return rows;
}

/**
 * `total` in `count` interest-free installments: each of the first `count − 1` is `total / count` rounded
 * down to the centavo and the last takes the remainder (R$ 1.000,00 in 3 → 333,33 + 333,33 + 333,34), so
 * the last is never smaller than the others and at most `count − 1` centavos larger.
 */
export function interestFreeSplit(total: Cents, count: number): InstallmentPlan {
  const amount = positiveCents(total, 'total');
  const n = validCount(count, 'count');
  requireCentavoPerInstallment(amount, n);
  const regular = Math.floor(amount / n);
  return plan(amount, n, cents(regular), cents(amount - regular * (n - 1)));
}

export interface AmortizationRow {
  /** 1-based. */
  number: number;
  payment: Cents;
  interest: Cents;
  amortization: Cents;
  /** Outstanding principal after this payment; 0 after the last. */
  balance: Cents;
}

/**
 * The month-by-month split of a Price-table plan (see `priceTable`): interest is the outstanding balance × i
 * rounded to the centavo (ties up), amortisation is the payment minus the interest, and the last payment is
 * the remaining balance plus its interest. Amortisations add up to the principal and payments to the
 * plan's total, exactly. At 0 % every payment is amortisation.
 */
export function amortizationSchedule(input: PriceTableInput): AmortizationRow[] {
  const table = priceTable(input);
  const rate = exactRate(input.monthlyRatePercent);
  if (rate.numerator !== 0n) return schedule(table.principal, table.count, rate);
  let balance: number = table.principal;
  return table.installments.map((payment, index) => {
    balance -= payment;
    return { number: index + 1, payment, interest: cents(0), amortization: payment, balance: cents(balance) };
  });
}

export interface MaxInstallmentCountInput {
  total: Cents;
  /** Smallest installment allowed (a plan's "Parc Mín de R$ 30,00", the B2B portal's `valor_parcela_min`). */
  minimumInstallment: Cents;
  /** Most installments offered. */
  maxCount: number;
}

/**
 * The largest interest-free installment count (≤ `maxCount`) whose regular installment is at least
 * `minimumInstallment`; 1 when even a single installment is below it (paying in full is always possible).
 */
export function maxInstallmentCount(input: MaxInstallmentCountInput): number {
  const total = positiveCents(input.total, 'total');
  const minimum = cents(input.minimumInstallment, { field: 'minimumInstallment' });
  const maxCount = validCount(input.maxCount, 'maxCount');
  if (minimum <= 0) return Math.min(maxCount, total);
  return Math.max(1, Math.min(maxCount, Math.floor(total / minimum)));
}

function plan(principal: Cents, count: number, regular: Cents, last: Cents): InstallmentPlan {
  const total = cents(regular * (count - 1) + last);
  return {
    principal,
    count,
    regular,
    last,
    total,
    interest: cents(total - principal),
    installments: [...new Array<Cents>(count - 1).fill(regular), last],
  };
}

function positiveCents(value: Cents, field: string): Cents {
  const amount = cents(value, { field });
  if (amount <= 0) {
    throw new DomainError(DomainErrorCode.InstallmentsInvalid, `${field} must be positive, got ${amount}`, { field });
  }
  return amount;
}

function validCount(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_INSTALLMENTS) {
    throw new DomainError(
      DomainErrorCode.InstallmentsInvalid,
      `${field} must be an integer from 1 to ${MAX_INSTALLMENTS}, got ${describeValue(value)}`,
      { field },
    );
  }
  return value;
}

function requireCentavoPerInstallment(amount: Cents, count: number): void {
  if (amount < count) {
    throw new DomainError(
      DomainErrorCode.InstallmentsInvalid,
      `${amount} centavos cannot be split into ${count} installments of at least one centavo`,
      { field: 'count' },
    );
  }
}

/** A monthly rate as an exact fraction i = numerator / denominator. */
interface ExactRate {
  numerator: bigint;
  denominator: bigint;
}

function exactRate(percent: number): ExactRate {
  const decimal = typeof percent === 'number' ? decimalFromNumber(percent) : undefined;
  if (decimal === undefined || decimal.negative || decimal.scale > MAX_RATE_DECIMALS || percent > 100) {
    throw new DomainError(
      DomainErrorCode.InstallmentsInvalid,
      `monthlyRatePercent must be a percent from 0 to 100 with at most ${MAX_RATE_DECIMALS} decimals, got ${describeValue(percent)}`,
      { field: 'monthlyRatePercent' },
    );
  }
  return { numerator: decimal.units, denominator: 10n ** BigInt(decimal.scale + 2) };
}
