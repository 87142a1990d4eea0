import { centavosToReais, formatBrl, parseBrl, reaisToCentavos } from './money';

describe('money', () => {
  it.each([
    ['1.000,00', 100000],
    ['1000,00', 100000],
    ['0,01', 1],
    ['999,90', 99990],
    ['1.234.567,89', 123456789],
  ])('parses the BRL string %s', (input, expected) => {
    expect(parseBrl(input)).toBe(expected);
  });

  it.each(['1.000', '1,0', '1.00,00', 'abc', '', '1000.00', '-1,00', '10,000'])('rejects the malformed amount %p', (input) => {
    expect(parseBrl(input)).toBeNull();
  });

  it('formats centavos with thousands separators', () => {
    expect(formatBrl(100000)).toBe('1.000,00');
    expect(formatBrl(33502)).toBe('335,02');
    expect(formatBrl(5)).toBe('0,05');
    expect(formatBrl(123456789)).toBe('1.234.567,89');
  });

  it('round-trips formatted values', () => {
    for (const c of [0, 1, 99, 100, 101, 99999, 100000, 100500, 98765432]) {
      expect(parseBrl(formatBrl(c))).toBe(c);
    }
  });

  it('converts decimal reais without accepting fractions of a centavo', () => {
    expect(reaisToCentavos(12.5)).toBe(1250);
    expect(reaisToCentavos(0.1 + 0.2)).toBe(30);
    expect(reaisToCentavos(1016.9)).toBe(101690);
    expect(reaisToCentavos(10.005)).toBeNull();
    expect(reaisToCentavos(Number.NaN)).toBeNull();
    expect(centavosToReais(101690)).toBe(1016.9);
  });
});
