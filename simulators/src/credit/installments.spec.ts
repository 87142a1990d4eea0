import { computeOption, installmentOptions, type PaymentPlan } from './installments';

const noInterest: PaymentPlan = {
  id: 11,
  descricao: '10x sem juros',
  maxInstallments: 10,
  monthlyRateBps: 0,
  feePerInstallmentCents: 169,
  minInstallmentCents: 2000,
  firstDueInDays: 30,
};
const price: PaymentPlan = {
  ...noInterest,
  id: 7,
  maxInstallments: 12,
  monthlyRateBps: 299,
  feePerInstallmentCents: 0,
  minInstallmentCents: 3000,
};

describe('installments', () => {
  it('matches the provider example for R$ 1.000,00 at 1x and 10x with a R$ 1,69 fee', () => {
    const one = computeOption(noInterest, 100000, 0, 1);
    expect(one).toMatchObject({
      firstCents: 100169,
      regularCents: 100169,
      lastCents: 100169,
      totalCents: 100169,
      feeCents: 169,
    });
    const ten = computeOption(noInterest, 100000, 0, 10);
    expect(ten).toMatchObject({
      firstCents: 10169,
      regularCents: 10169,
      lastCents: 10169,
      totalCents: 101690,
      baseInstallmentCents: 10000,
    });
  });

  it('lets the last installment absorb the rounding so no centavo is lost', () => {
    const three = computeOption(noInterest, 100000, 0, 3);
    expect(three.schedule).toEqual([33502, 33502, 33503]);
    expect(three.totalCents).toBe(100000 + 3 * 169);
    const seven = computeOption(noInterest, 99999, 0, 7);
    expect(seven.schedule.reduce((a, b) => a + b, 0)).toBe(99999 + 7 * 169);
  });

  it('amortizes a Price-table plan exactly, the last payment settling the balance', () => {
    const option = computeOption(price, 120000, 0, 12);
    // PMT for R$ 1.200,00 at 2.99% a.m. over 12 months ≈ R$ 120,48 (12048.25 centavos).
    expect(option.firstCents).toBe(12048);
    expect(Math.abs(option.lastCents - option.firstCents)).toBeLessThanOrEqual(12);
    expect(option.interestCents).toBe(option.schedule.reduce((a, b) => a + b, 0) - 120000);
    expect(option.interestCents).toBeGreaterThan(0);
  });

  it('offers options up to the plan maximum, skipping installments below the minimum', () => {
    expect(installmentOptions(noInterest, 100000, 0)).toHaveLength(10);
    const small = installmentOptions(noInterest, 5000, 0);
    // R$ 50,00: 2x = 25,00 + 1,69 is fine; 3x = 16,66 + 1,69 is below R$ 20,00.
    expect(small.map((o) => o.count)).toEqual([1, 2]);
    expect(installmentOptions(noInterest, 1000, 0).map((o) => o.count)).toEqual([1]);
  });

  it('counts the down payment in the total but not in the financed amount', () => {
    const option = computeOption(noInterest, 80000, 20000, 4);
    expect(option.principalCents).toBe(80000);
    expect(option.totalCents).toBe(20000 + 80000 + 4 * 169);
  });
});
