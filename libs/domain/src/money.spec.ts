import fc from 'fast-check';
import { DomainError } from './errors';
import {
  add,
  allocate,
  basisPoints,
  type Cents,
  cents,
  compareCents,
  formatBrl,
  formatPercent,
  fromReais,
  isCents,
  MAX_REAIS_NUMBER_CENTS,
  multiply,
  negate,
  parseBrl,
  parsePercent,
  percentOf,
  percentToBasisPoints,
  splitEvenly,
  subtract,
  sum,
  toReais,
  ZERO_CENTS,
} from './money';

const MAX = Number.MAX_SAFE_INTEGER;
const safeCents = fc.maxSafeInteger().map((n) => n as Cents);

function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('cents', () => {
  it('accepts safe integers, including negatives, and normalises -0', () => {
    expect(cents(100169)).toBe(100169);
    expect(cents(-500)).toBe(-500);
    expect(Object.is(cents(-0), 0)).toBe(true);
    expect(cents(MAX)).toBe(MAX);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, '100' as unknown as number])('rejects %p as money.invalid', (value) => {
    expect(caught(() => cents(value, { field: 'price' }))).toMatchObject({ code: 'money.invalid', field: 'price' });
  });

  it('rejects integers beyond the safe range as money.out_of_range', () => {
    expect(caught(() => cents(MAX + 1))).toMatchObject({ code: 'money.out_of_range' });
  });

  it('isCents tells safe integers from the rest', () => {
    expect(isCents(10)).toBe(true);
    expect(isCents(0.1)).toBe(false);
    expect(isCents('10')).toBe(false);
    expect(ZERO_CENTS).toBe(0);
  });
});

describe('parseBrl', () => {
  it.each([
    ['1.000,00', 100000],
    ['1000,00', 100000],
    ['R$ 1.234,56', 123456],
    ['R$1.234,56', 123456],
    ['R$\u00a01.234,56', 123456], // what Intl pt-BR prints
    ['1.234.567,89', 123456789],
    ['-1.234,56', -123456],
    ['-R$ 1.234,56', -123456],
    ['R$ -1.234,56', -123456],
    ['- 5,00', -500],
    ['0,5', 50],
    ['0,05', 5],
    ['12,3', 1230],
    ['10', 1000],
    ['0', 0],
    ['  335,02  ', 33502],
    ['1.005,06', 100506], // store-credit provider's valorProduto
    ['90.071.992.547.409,91', MAX],
    ['-90.071.992.547.409,91', -MAX],
  ])('parses %p as %p centavos', (text, expected) => {
    expect(parseBrl(text)).toBe(expected);
  });

  it('reads "-0,00" as plain zero', () => {
    expect(Object.is(parseBrl('-0,00'), 0)).toBe(true);
  });

  it.each([
    '',
    '   ',
    'abc',
    'R$',
    '1.000', // en-US would read one: ambiguous without a decimal comma
    '1.000.000',
    '1.00,00',
    '1.0000,00',
    '10.50',
    '1,234',
    '1,',
    ',50',
    '--1,00',
    '-R$ -1,00',
    '+1,00',
    '1 000,00',
    '1,00 R$',
    'R$ 1.234,56 extra',
    'NaN',
  ])('rejects %p with money.invalid and the field', (text) => {
    expect(caught(() => parseBrl(text, { field: 'vlProduto' }))).toMatchObject({
      code: 'money.invalid',
      field: 'vlProduto',
    });
  });

  it('explains the thousands-dot ambiguity', () => {
    expect(caught(() => parseBrl('1.000')).message).toContain('decimal comma');
  });

  it('rejects non-text input', () => {
    expect(caught(() => parseBrl(1000 as unknown as string))).toMatchObject({ code: 'money.invalid' });
  });

  it('rejects amounts beyond the safe range', () => {
    expect(caught(() => parseBrl('90.071.992.547.409,92'))).toMatchObject({ code: 'money.out_of_range' });
    expect(caught(() => parseBrl('999999999999999999999,00'))).toMatchObject({ code: 'money.out_of_range' });
  });
});

describe('formatBrl', () => {
  it.each([
    [0, '0,00'],
    [5, '0,05'],
    [50, '0,50'],
    [100, '1,00'],
    [99999, '999,99'],
    [100000, '1.000,00'],
    [123456789, '1.234.567,89'],
    [-123456, '-1.234,56'],
    [-5, '-0,05'],
    [MAX, '90.071.992.547.409,91'],
  ])('formats %p as %p', (value, expected) => {
    expect(formatBrl(value as Cents)).toBe(expected);
  });

  it('adds the symbol after the sign, as Intl pt-BR does, with a plain space', () => {
    expect(formatBrl(100000 as Cents, { symbol: true })).toBe('R$ 1.000,00');
    expect(formatBrl(-123456 as Cents, { symbol: true })).toBe('-R$ 1.234,56');
  });

  it('refuses a non-integer amount', () => {
    expect(caught(() => formatBrl(1.5 as Cents))).toMatchObject({ code: 'money.invalid' });
  });

  it('round-trips with parseBrl for every safe amount, with or without the symbol', () => {
    fc.assert(
      fc.property(safeCents, fc.boolean(), (amount, symbol) => {
        expect(parseBrl(formatBrl(amount, { symbol }))).toBe(amount === 0 ? 0 : amount);
      }),
    );
  });

  it('matches Intl pt-BR currency formatting (spaces aside)', () => {
    const intl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (amount) => {
        const expected = intl.format(amount / 100).replace(/\s/g, ' ');
        expect(formatBrl(amount as Cents, { symbol: true })).toBe(amount === 0 ? 'R$ 0,00' : expected);
      }),
    );
  });
});

describe('fromReais / toReais', () => {
  it.each([
    [1001.69, 100169], // naive 1001.69 * 100 is 100168.99999999999
    [1016.9, 101690],
    [1005.06, 100506],
    [0.1, 10],
    [0.29, 29], // 0.29 * 100 = 28.999999999999996
    [3000, 300000],
    [0, 0],
    [-5.5, -550],
    [19.99, 1999],
    [9999999999999.99, 999_999_999_999_999],
  ])('converts %p reais to %p centavos exactly', (reais, expected) => {
    expect(fromReais(reais)).toBe(expected);
  });

  it('rejects more than two decimals by default (money.precision)', () => {
    expect(caught(() => fromReais(10.005, { field: 'tarifa' }))).toMatchObject({
      code: 'money.precision',
      field: 'tarifa',
    });
    expect(caught(() => fromReais(1e-7))).toMatchObject({ code: 'money.precision' });
  });

  it.each([
    [10.005, 'half-up', 1001],
    [10.005, 'half-even', 1000],
    [10.015, 'half-even', 1002],
    [10.0051, 'half-even', 1001],
    [10.009, 'down', 1000],
    [-10.005, 'half-up', -1001],
    [-10.009, 'down', -1000],
    [1e-7, 'half-up', 0],
  ] as const)('rounds %p with %s to %p', (reais, rounding, expected) => {
    expect(fromReais(reais, { rounding })).toBe(expected);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, '10' as unknown as number, null as unknown as number])(
    'rejects %p as money.invalid',
    (value) => {
      expect(caught(() => fromReais(value))).toMatchObject({ code: 'money.invalid' });
    },
  );

  it('refuses amounts too large for a double to carry centavos (over R$ 10 trillion)', () => {
    expect(caught(() => fromReais(1e20))).toMatchObject({ code: 'money.out_of_range' });
    expect(caught(() => fromReais(10_000_000_000_000, { field: 'valorTotal' }))).toMatchObject({
      code: 'money.out_of_range',
      field: 'valorTotal',
    });
    expect(caught(() => toReais(1_000_000_000_000_000 as Cents))).toMatchObject({ code: 'money.out_of_range' });
    expect(toReais(MAX_REAIS_NUMBER_CENTS as Cents)).toBe(9999999999999.99);
  });

  it('toReais gives the number a partner expects', () => {
    expect(toReais(100169 as Cents)).toBe(1001.69);
    expect(JSON.stringify({ pontuacao_reais: toReais(1999 as Cents) })).toBe('{"pontuacao_reais":19.99}');
  });

  it('round-trips every amount up to MAX_REAIS_NUMBER_CENTS', () => {
    const amounts = fc.integer({ min: -MAX_REAIS_NUMBER_CENTS, max: MAX_REAIS_NUMBER_CENTS });
    fc.assert(fc.property(amounts, (amount) => expect(fromReais(toReais(amount as Cents))).toBe(amount === 0 ? 0 : amount)));
  });

  it('reads every two-decimal literal a partner can send exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e11 }), fc.integer({ min: 0, max: 99 }), (reais, centavos) => {
        const literal = `${reais}.${String(centavos).padStart(2, '0')}`;
        expect(fromReais(JSON.parse(literal) as number)).toBe(reais * 100 + centavos);
      }),
    );
  });
});

describe('arithmetic', () => {
  it('adds, subtracts, negates and multiplies by a quantity', () => {
    expect(add(150 as Cents, 250 as Cents)).toBe(400);
    expect(subtract(150 as Cents, 250 as Cents)).toBe(-100);
    expect(negate(150 as Cents)).toBe(-150);
    expect(Object.is(negate(ZERO_CENTS), 0)).toBe(true);
    expect(multiply(1999 as Cents, 3)).toBe(5997);
    expect(multiply(1999 as Cents, 0)).toBe(0);
  });

  it('refuses results beyond the safe range', () => {
    expect(caught(() => add(MAX as Cents, 1 as Cents))).toMatchObject({ code: 'money.out_of_range' });
    expect(caught(() => subtract(-MAX as Cents, 1 as Cents))).toMatchObject({ code: 'money.out_of_range' });
    expect(caught(() => multiply(MAX as Cents, 2, { field: 'items[0].quantity' }))).toMatchObject({
      code: 'money.out_of_range',
      field: 'items[0].quantity',
    });
  });

  it('refuses operands that are not whole centavos', () => {
    expect(caught(() => add(1.5 as Cents, 1 as Cents))).toMatchObject({ code: 'money.invalid' });
    expect(caught(() => multiply(Number.NaN as Cents, 2))).toMatchObject({ code: 'money.invalid' });
  });

  it('refuses a fractional quantity', () => {
    expect(caught(() => multiply(100 as Cents, 1.5, { field: 'quantity' }))).toMatchObject({
      code: 'quantity.invalid',
      field: 'quantity',
    });
  });

  it('sums exactly even when intermediate totals leave the safe range', () => {
    expect(sum([])).toBe(0);
    expect(sum([100, 200, -50] as Cents[])).toBe(250);
    expect(sum([MAX, 1, -2] as Cents[])).toBe(MAX - 1);
    expect(caught(() => sum([MAX, 1] as Cents[]))).toMatchObject({ code: 'money.out_of_range' });
    expect(caught(() => sum([1.5] as Cents[]))).toMatchObject({ code: 'money.invalid' });
  });

  it('sorts with compareCents', () => {
    expect(([300, -1, 20] as Cents[]).sort(compareCents)).toEqual([-1, 20, 300]);
  });
});

describe('allocate', () => {
  it('spreads a discount over lines in proportion to their amounts', () => {
    expect(allocate(1000 as Cents, [3000, 2000, 5000])).toEqual([300, 200, 500]);
    expect(allocate(1000 as Cents, [1, 1, 1])).toEqual([334, 333, 333]);
    expect(allocate(100 as Cents, [1999, 1999, 3998])).toEqual([25, 25, 50]);
  });

  it('gives leftover centavos to the largest remainders, earlier lines first on ties', () => {
    // exact shares 1.6, 1.6, 1.8 → floors 1, 1, 1 and 2 left over: largest remainder (0.8) then the first 0.6
    expect(allocate(5 as Cents, [8, 8, 9])).toEqual([2, 1, 2]);
    expect(allocate(2 as Cents, [1, 1, 1])).toEqual([1, 1, 0]);
  });

  it('gives nothing to a zero weight, and splits negative totals symmetrically', () => {
    expect(allocate(1001 as Cents, [1, 0, 1])).toEqual([501, 0, 500]);
    expect(allocate(-1000 as Cents, [1, 1, 1])).toEqual([-334, -333, -333]);
    expect(allocate(0 as Cents, [5, 7])).toEqual([0, 0]);
  });

  it.each([
    [[], 'empty'],
    [[0, 0], 'zero'],
    [[1, -1], 'non-negative'],
    [[1, 0.5], 'non-negative integer'],
    [[Number.NaN], 'non-negative integer'],
  ])('rejects weights %p (allocation.invalid)', (weights, message) => {
    const error = caught(() => allocate(100 as Cents, weights, { field: 'discount' }));
    expect(error).toMatchObject({ code: 'allocation.invalid', field: 'discount' });
    expect(error.message).toContain(message);
  });

  const weightsArb = fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 30 }).filter((ws) => ws.some((w) => w > 0));

  it('always adds up to the total, each part within one centavo of its exact share', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), weightsArb, (total, weights) => {
        const parts = allocate(total as Cents, weights);
        expect(parts).toHaveLength(weights.length);
        expect(sum(parts)).toBe(total);
        const weightSum = BigInt(weights.reduce((a, b) => a + b, 0));
        parts.forEach((part, i) => {
          // |part − total·w/W| < 1  ⇔  |part·W − total·w| < W
          const diff = BigInt(part) * weightSum - BigInt(total) * BigInt(weights[i]!);
          expect(diff < weightSum && -diff < weightSum).toBe(true);
          if (weights[i] === 0) expect(part).toBe(0);
        });
      }),
    );
  });

  it('never gives a line more than its own amount when the total fits', () => {
    fc.assert(
      fc.property(weightsArb, fc.double({ min: 0, max: 1, noNaN: true }), (lines, fraction) => {
        const total = Math.floor(lines.reduce((a, b) => a + b, 0) * fraction);
        allocate(total as Cents, lines).forEach((part, i) => expect(part).toBeLessThanOrEqual(lines[i]!));
      }),
    );
  });
});

describe('splitEvenly', () => {
  it('splits into equal parts, leftovers to the first', () => {
    expect(splitEvenly(100 as Cents, 3)).toEqual([34, 33, 33]);
    expect(splitEvenly(99 as Cents, 3)).toEqual([33, 33, 33]);
    expect(splitEvenly(7 as Cents, 1)).toEqual([7]);
  });

  it.each([0, -1, 1.5])('rejects %p parts', (count) => {
    expect(caught(() => splitEvenly(100 as Cents, count))).toMatchObject({ code: 'allocation.invalid' });
  });
});

describe('percentages', () => {
  it.each([
    [12.5, 1250],
    [20.0, 2000],
    [0.01, 1],
    [100, 10000],
    [0, 0],
    [27, 2700],
    [-5, -500],
  ])('percentToBasisPoints(%p) = %p', (percent, expected) => {
    expect(percentToBasisPoints(percent)).toBe(expected);
  });

  it('rejects a percent with more than two decimals unless told how to round', () => {
    expect(caught(() => percentToBasisPoints(12.345, { field: 'discount' }))).toMatchObject({
      code: 'percent.invalid',
      field: 'discount',
    });
    expect(percentToBasisPoints(12.345, { rounding: 'half-up' })).toBe(1235);
    expect(caught(() => percentToBasisPoints(Number.NaN))).toMatchObject({ code: 'percent.invalid' });
  });

  it.each([
    ['27,00%', 2700],
    ['12,5 %', 1250],
    ['3', 300],
    [' 0,01% ', 1],
    ['-5%', -500],
  ])('parsePercent(%p) = %p', (text, expected) => {
    expect(parsePercent(text)).toBe(expected);
  });

  it.each(['12.5%', 'abc', '1,234%', '%', '', '12,5%%'])('parsePercent rejects %p', (text) => {
    expect(caught(() => parsePercent(text, { field: 'taxa' }))).toMatchObject({ code: 'percent.invalid', field: 'taxa' });
  });

  it('formats basis points as a pt-BR percent and round-trips', () => {
    expect(formatPercent(basisPoints(1250))).toBe('12,50%');
    expect(formatPercent(basisPoints(-5))).toBe('-0,05%');
    expect(formatPercent(basisPoints(10000))).toBe('100,00%');
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (bp) =>
        expect(parsePercent(formatPercent(basisPoints(bp)))).toBe(bp === 0 ? 0 : bp),
      ),
    );
  });

  it('basisPoints refuses fractions', () => {
    expect(caught(() => basisPoints(12.5))).toMatchObject({ code: 'percent.invalid' });
  });

  it('percentOf rounds to the centavo, ties up by default', () => {
    expect(percentOf(1999 as Cents, basisPoints(1000))).toBe(200); // 199.9
    expect(percentOf(1000 as Cents, basisPoints(333))).toBe(33); // 33.3
    expect(percentOf(50 as Cents, basisPoints(100))).toBe(1); // 0.5
    expect(percentOf(50 as Cents, basisPoints(100), 'half-even')).toBe(0);
    expect(percentOf(150 as Cents, basisPoints(100), 'half-even')).toBe(2); // 1.5
    expect(percentOf(59 as Cents, basisPoints(100), 'down')).toBe(0);
    expect(percentOf(-50 as Cents, basisPoints(100))).toBe(-1);
    expect(percentOf(MAX as Cents, basisPoints(10000))).toBe(MAX);
  });

  it('percentOf is exact where floats are not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 10000 }), (amount, bp) => {
        const result = percentOf(amount as Cents, basisPoints(bp));
        // result is the nearest integer to amount·bp/10000, ties up
        const scaled = BigInt(amount) * BigInt(bp);
        expect(BigInt(result) * 10000n - scaled).toBeGreaterThan(-5000n);
        expect(BigInt(result) * 10000n - scaled).toBeLessThanOrEqual(5000n);
      }),
    );
  });
});
