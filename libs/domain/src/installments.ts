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
  /** The last installment: takes whatever remains so that the installments add up to `total` exactly. */
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
 * computed exactly as a fraction. Then
 * - `regular` = PMT rounded to the centavo (ties up);
 * - `total`   = n · PMT rounded to the centavo (ties up): what the customer pays, as close to the exact
 *               figure as centavos allow;
 * - `last`    = total − (n − 1) · regular: the last installment takes the rounding remainder, so the
 *               installments add up to `total` exactly. It differs from `regular` by at most n / 2 centavos.
 *
 * With i = 0 this is `interestFreeSplit(P, n)`.
 * Throws `installments.invalid` for a non-positive principal, a principal under one centavo per
 * installment, a rate outside 0–100 % or with more than 8 decimals, or a count outside 1–420.
 */
export function priceTable(input: PriceTableInput): InstallmentPlan {
  const principal = positiveCents(input.principal, 'principal');
  const count = validCount(input.count, 'count');
  const rate = exactRate(input.monthlyRatePercent);
  if (rate.numerator === 0n) return interestFreeSplit(principal, count);
  requireCentavoPerInstallment(principal, count);

  // i = k / d;  PMT = P·k·(d + k)^n / (d·((d + k)^n − d^n))
  const { numerator: k, denominator: d } = rate;
  const growth = (d + k) ** BigInt(count);
  const numerator = BigInt(principal) * k * growth;
  const denominator = d * (growth - d ** BigInt(count));
  const regular = divideRounded(numerator, denominator, 'half-up') ?? 0n;
  const total = divideRounded(numerator * BigInt(count), denominator, 'half-up') ?? 0n;
  const last = total - regular * BigInt(count - 1);
  if (!isSafeBigint(total)) {
    throw new DomainError(DomainErrorCode.InstallmentsInvalid, 'Financed total is beyond the safe range', {
      field: 'principal',
    });
  }
  if (last < 1n) {
    // Only for installments of a couple of centavos, where rounding dominates.
    throw new DomainError(DomainErrorCode.InstallmentsInvalid, 'Installments are too small to round sensibly', {
      field: 'principal',
    });
  }
  return plan(principal, count, cents(Number(regular)), cents(Number(last)));
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
 * The month-by-month split of a Price-table plan into interest and amortisation: interest is the
 * outstanding balance × i rounded to the centavo (ties up), amortisation is the payment minus the interest.
 * In the last row the amortisation is whatever balance remains and the interest absorbs the rounding, so
 * amortisations add up to the principal and payments to the plan's total exactly.
 */
export function amortizationSchedule(input: PriceTableInput): AmortizationRow[] {
  const table = priceTable(input);
  const { numerator: k, denominator: d } = exactRate(input.monthlyRatePercent);
  const rows: AmortizationRow[] = [];
  let balance = BigInt(table.principal);
  table.installments.forEach((payment, index) => {
    const isLast = index === table.count - 1;
    const interest = isLast ? BigInt(payment) - balance : (divideRounded(balance * k, d, 'half-up') ?? 0n);
    const amortization = BigInt(payment) - interest;
    balance -= amortization;
    rows.push({
      number: index + 1,
      payment,
      interest: cents(Number(interest)),
      amortization: cents(Number(amortization)),
      balance: cents(Number(balance)),
    });
  });
  return rows;
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

/** The monthly rate as an exact fraction i = numerator / denominator. */
function exactRate(percent: number): { numerator: bigint; denominator: bigint } {
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
