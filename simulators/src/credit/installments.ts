/**
 * Installment math for the store-credit provider, in integer centavos. Plans either split the amount with no
 * interest plus a fixed fee per installment, or use the Price table (fixed payment, monthly compound interest).
 * Rounding never loses or creates a centavo: the last installment absorbs the remainder.
 */

export interface PaymentPlan {
  id: number;
  descricao: string;
  maxInstallments: number;
  /** Monthly interest in basis points (299 = 2.99% a.m.); 0 = no interest. */
  monthlyRateBps: number;
  /** Fixed fee added to every installment (the bank's per-installment charge). */
  feePerInstallmentCents: number;
  /** Options whose regular installment would be below this are not offered (1x is always offered). */
  minInstallmentCents: number;
  /** Days from the sale to the first due date. */
  firstDueInDays: number;
}

export interface InstallmentOption {
  planId: number;
  count: number;
  downPaymentCents: number;
  /** Amount financed: product minus down payment. */
  principalCents: number;
  /** Principal share per installment before fee and interest (floor). */
  baseInstallmentCents: number;
  firstCents: number;
  /** Installments 2..n-1 (for n = 2, the second one; for n = 1, the only one). */
  regularCents: number;
  lastCents: number;
  feeCents: number;
  interestCents: number;
  /** What the customer pays in total: down payment plus every installment. */
  totalCents: number;
  /** Every installment in order (fee included). */
  schedule: number[];
}

export function computeOption(plan: PaymentPlan, principalCents: number, downPaymentCents: number, count: number): InstallmentOption {
  if (!Number.isSafeInteger(principalCents) || principalCents <= 0) throw new RangeError('principal must be positive centavos');
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError('count must be >= 1');
  const principalParts =
    plan.monthlyRateBps > 0 ? priceTable(principalCents, plan.monthlyRateBps, count) : evenSplit(principalCents, count);
  const schedule = principalParts.map((p) => p + plan.feePerInstallmentCents);
  const paid = principalParts.reduce((a, b) => a + b, 0);
  const first = schedule[0] ?? 0;
  const last = schedule[schedule.length - 1] ?? 0;
  const regular = count === 1 ? first : (schedule[1] ?? first);
  return {
    planId: plan.id,
    count,
    downPaymentCents,
    principalCents,
    baseInstallmentCents: Math.floor(principalCents / count),
    firstCents: first,
    regularCents: regular,
    lastCents: last,
    feeCents: plan.feePerInstallmentCents,
    interestCents: paid - principalCents,
    totalCents: downPaymentCents + schedule.reduce((a, b) => a + b, 0),
    schedule,
  };
}

/** Every option from 1x up to the plan's maximum whose regular installment respects the plan's minimum. */
export function installmentOptions(plan: PaymentPlan, principalCents: number, downPaymentCents: number): InstallmentOption[] {
  const options: InstallmentOption[] = [];
  for (let n = 1; n <= plan.maxInstallments; n++) {
    const option = computeOption(plan, principalCents, downPaymentCents, n);
    if (n > 1 && option.regularCents < plan.minInstallmentCents) break;
    options.push(option);
  }
  return options;
}

function evenSplit(total: number, count: number): number[] {
  const base = Math.floor(total / count);
  const parts = Array.from({ length: count }, () => base);
  parts[count - 1] = total - base * (count - 1);
  return parts;
}

/**
 * Price table: fixed payment PMT = P·i / (1 − (1+i)^−n), rounded to the centavo; interest accrues on the
 * outstanding balance every month, and the last payment settles whatever the rounding left.
 */
function priceTable(principal: number, rateBps: number, count: number): number[] {
  const i = rateBps / 10_000;
  const pmt = Math.round((principal * i) / (1 - (1 + i) ** -count));
  const parts: number[] = [];
  let balance = principal;
  for (let k = 1; k < count; k++) {
    const interest = Math.round(balance * i);
    balance = balance + interest - pmt;
    parts.push(pmt);
  }
  parts.push(balance + Math.round(balance * i));
  return parts;
}
