import fc from 'fast-check';
import {
  cnpjCheckDigits,
  type Cnpj,
  cpfCheckDigits,
  detectDocumentType,
  formatCnpj,
  formatCpf,
  formatTaxDocument,
  isAlphanumericCnpj,
  isValidCnpj,
  isValidCpf,
  maskDocument,
  parseCnpj,
  parseCpf,
  parseTaxDocument,
} from './documents';
import { DomainError } from './errors';

function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

// The classic numeric CNPJ algorithm, written independently of the alphanumeric one under test.
function classicCnpjDigits(base12: string): string {
  const calc = (digits: number[], weights: number[]): number => {
    const r = digits.reduce((acc, d, i) => acc + d * weights[i]!, 0) % 11;
    return r < 2 ? 0 : 11 - r;
  };
  const digits = [...base12].map(Number);
  const first = calc(digits, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const second = calc([...digits, first], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  return `${first}${second}`;
}

const digit = fc.constantFrom(...'0123456789');
const alnum = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const cpfBase = fc.string({ unit: digit, minLength: 9, maxLength: 9 }).filter((b) => !/^(\d)\1{8}$/.test(b));
const cnpjBase = fc.string({ unit: alnum, minLength: 12, maxLength: 12 }).filter((b) => !/^(.)\1{11}$/.test(b));

describe('CPF', () => {
  it.each(['529.982.247-25', '52998224725', ' 529 982 247 25 ', '222.570.550-04', '123.456.789-09', '529.982.247–25'])(
    'accepts %p',
    (input) => {
      expect(isValidCpf(input)).toBe(true);
    },
  );

  it('normalises to 11 digits and formats back', () => {
    expect(parseCpf('529.982.247-25')).toBe('52998224725');
    expect(formatCpf('52998224725')).toBe('529.982.247-25');
    expect(formatCpf('529 982 247 25')).toBe('529.982.247-25');
  });

  it.each([
    ['529.982.247-24', 'check digits'],
    ['52998224752', 'check digits'],
    ['111.111.111-11', 'all digits equal'],
    ['000.000.000-00', 'all digits equal'],
    ['5299822472', '11 digits'],
    ['529982247250', '11 digits'],
    ['529.982.247-2X', '11 digits'],
    ['', '11 digits'],
  ])('rejects %p (%s) with cpf.invalid', (input, why) => {
    expect(isValidCpf(input)).toBe(false);
    const error = caught(() => parseCpf(input, { field: 'customer.cpf' }));
    expect(error).toMatchObject({ code: 'cpf.invalid', field: 'customer.cpf' });
    expect(error.message).toContain(why);
  });

  it('never echoes the full CPF in an error', () => {
    const error = caught(() => parseCpf('529.982.247-24'));
    expect(error.message).not.toContain('52998224724');
    expect(error.message).not.toContain('529.982');
    expect(error.message).toContain('***.982.247-**');
  });

  it('rejects non-text input', () => {
    expect(isValidCpf(52998224725 as unknown as string)).toBe(false);
    expect(caught(() => parseCpf(null as unknown as string))).toMatchObject({ code: 'cpf.invalid' });
  });

  it('cpfCheckDigits computes the digits of a base', () => {
    expect(cpfCheckDigits('529982247')).toBe('25');
    expect(cpfCheckDigits('123456789')).toBe('09');
    expect(caught(() => cpfCheckDigits('12345678'))).toMatchObject({ code: 'cpf.invalid' });
  });

  it('accepts a base with its own check digits and no other pair', () => {
    fc.assert(
      fc.property(cpfBase, fc.integer({ min: 0, max: 99 }), (base, other) => {
        const digits = cpfCheckDigits(base);
        expect(isValidCpf(base + digits)).toBe(true);
        const wrong = String(other).padStart(2, '0');
        if (wrong !== digits) expect(isValidCpf(base + wrong)).toBe(false);
      }),
    );
  });
});

describe('CNPJ', () => {
  it.each([
    '11.222.333/0001-81',
    '11222333000181',
    '00.000.000/0001-91', // Banco do Brasil: a zero root is real
    '33.000.167/0001-01',
    '12.ABC.345/01DE-35', // the Receita Federal's alphanumeric example
    '12ABC34501DE35',
    '12.abc.345/01de-35',
  ])('accepts %p', (input) => {
    expect(isValidCnpj(input)).toBe(true);
  });

  it('normalises to 14 upper-case characters and formats back', () => {
    expect(parseCnpj('12.abc.345/01de-35')).toBe('12ABC34501DE35');
    expect(formatCnpj('12abc34501de35')).toBe('12.ABC.345/01DE-35');
    expect(formatCnpj('11222333000181')).toBe('11.222.333/0001-81');
  });

  it('computes alphanumeric check digits from ASCII − 48 with weights 2..9 from the right', () => {
    expect(cnpjCheckDigits('12ABC34501DE')).toBe('35');
    expect(cnpjCheckDigits('12abc34501de')).toBe('35');
    // By hand for the first digit of 12ABC34501DE: values 1 2 17 18 19 3 4 5 0 1 20 21,
    // weights 5 4 3 2 9 8 7 6 5 4 3 2 → 459; 459 mod 11 = 8; 11 − 8 = 3.
    expect(cnpjCheckDigits('12ABC34501DE').charAt(0)).toBe('3');
  });

  it('agrees with the classic algorithm on every numeric CNPJ', () => {
    fc.assert(
      fc.property(fc.string({ unit: digit, minLength: 12, maxLength: 12 }), (base) => {
        expect(cnpjCheckDigits(base)).toBe(classicCnpjDigits(base));
      }),
    );
  });

  it.each([
    ['12ABC34501DE36', 'check digits'],
    ['11.222.333/0001-82', 'check digits'],
    ['12ABC34501DEA5', '2 check digits'], // a letter where a check digit goes
    ['00000000000000', 'all characters equal'],
    ['11111111111111', 'all characters equal'],
    ['1122233300018', '12 digits or letters'],
    ['12ABC34501D#35', '12 digits or letters'],
    ['12ÁBC34501DE35', '12 digits or letters'],
  ])('rejects %p (%s) with cnpj.invalid', (input, why) => {
    expect(isValidCnpj(input)).toBe(false);
    const error = caught(() => parseCnpj(input, { field: 'cnpj' }));
    expect(error).toMatchObject({ code: 'cnpj.invalid', field: 'cnpj' });
    expect(error.message).toContain(why);
  });

  it('accepts a base with its own check digits and no other pair', () => {
    fc.assert(
      fc.property(cnpjBase, fc.integer({ min: 0, max: 99 }), (base, other) => {
        const digits = cnpjCheckDigits(base);
        expect(parseCnpj(base.toLowerCase() + digits)).toBe(base + digits);
        const wrong = String(other).padStart(2, '0');
        if (wrong !== digits) expect(isValidCnpj(base + wrong)).toBe(false);
      }),
    );
  });

  it('cnpjCheckDigits refuses a malformed base', () => {
    expect(caught(() => cnpjCheckDigits('12ABC34501D'))).toMatchObject({ code: 'cnpj.invalid' });
    expect(caught(() => cnpjCheckDigits('12ABC34501D-'))).toMatchObject({ code: 'cnpj.invalid' });
  });

  it('tells the new alphanumeric format from the numeric one', () => {
    expect(isAlphanumericCnpj(parseCnpj('12ABC34501DE35'))).toBe(true);
    expect(isAlphanumericCnpj(parseCnpj('11222333000181'))).toBe(false);
    expect(isAlphanumericCnpj('11222333000181' as Cnpj)).toBe(false);
  });
});

describe('detectDocumentType / parseTaxDocument', () => {
  it('detects valid documents only', () => {
    expect(detectDocumentType('529.982.247-25')).toBe('cpf');
    expect(detectDocumentType('11.222.333/0001-81')).toBe('cnpj');
    expect(detectDocumentType('12.ABC.345/01DE-35')).toBe('cnpj');
    expect(detectDocumentType('529.982.247-24')).toBeUndefined();
    expect(detectDocumentType('48999998888')).toBeUndefined();
    expect(detectDocumentType('')).toBeUndefined();
  });

  it('parses either type into a tagged value', () => {
    expect(parseTaxDocument('529.982.247-25')).toEqual({ type: 'cpf', value: '52998224725' });
    expect(parseTaxDocument('12.abc.345/01de-35')).toEqual({ type: 'cnpj', value: '12ABC34501DE35' });
    expect(formatTaxDocument(parseTaxDocument('52998224725'))).toBe('529.982.247-25');
    expect(formatTaxDocument(parseTaxDocument('11222333000181'))).toBe('11.222.333/0001-81');
  });

  it.each([
    ['529.982.247-24', 'check digits'],
    ['11.222.333/0001-80', 'check digits'],
    ['12345', 'CPF (11 digits) or a CNPJ (14 characters)'],
  ])('rejects %p with document.invalid explaining why', (input, why) => {
    const error = caught(() => parseTaxDocument(input, { field: 'customer.taxDocument' }));
    expect(error).toMatchObject({ code: 'document.invalid', field: 'customer.taxDocument' });
    expect(error.message).toContain(why);
  });
});

describe('maskDocument', () => {
  it('masks a CPF the way the government does', () => {
    expect(maskDocument('123.456.789-09')).toBe('***.456.789-**');
    expect(maskDocument('52998224725')).toBe('***.982.247-**');
  });

  it('masks a CNPJ, numeric or alphanumeric', () => {
    expect(maskDocument('11.222.333/0001-81')).toBe('**.222.333/****-**');
    expect(maskDocument('12abc34501de35')).toBe('**.ABC.345/****-**');
  });

  it('masks CPF-shaped text even with wrong check digits (logs must not leak typos either)', () => {
    expect(maskDocument('529.982.247-24')).toBe('***.982.247-**');
  });

  it('hides every letter and digit of anything else, and never throws', () => {
    expect(maskDocument('12.345-6')).toBe('**.***-*');
    expect(maskDocument('abc')).toBe('***');
    expect(maskDocument('')).toBe('');
    expect(maskDocument(undefined as unknown as string)).toBe('***');
  });

  it('shows at most six characters of any document', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789ABCZ./- '), maxLength: 20 }), (input) => {
        const shown = maskDocument(input).replace(/[^0-9A-Za-z]/g, '');
        expect(shown.length).toBeLessThanOrEqual(6);
      }),
    );
  });
});
