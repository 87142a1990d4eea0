import fc from 'fast-check';
import { DomainError } from './errors';
import {
  AREA_CODES,
  areaCodeOf,
  type E164Phone,
  formatPhone,
  isValidAreaCode,
  isValidPhone,
  maskPhone,
  parsePhone,
  type PhoneFormat,
  phoneKind,
} from './phone';

function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('parsePhone', () => {
  it.each([
    ['(48) 99999-8888', '+5548999998888'],
    ['48999998888', '+5548999998888'],
    ['+55 48 9 9999-8888', '+5548999998888'],
    ['+55 (48) 99999-8888', '+5548999998888'],
    ['+5548999998888', '+5548999998888'],
    ['5548999998888', '+5548999998888'], // Looma's digits
    ['(48)99999-8888', '+5548999998888'], // loyalty program
    ['(48) 95532 - 8888', '+5548955328888'], // store-credit provider
    ['048 99999-8888', '+5548999998888'], // trunk prefix
    ['0 21 48 99999-8888', '+5548999998888'], // trunk prefix and carrier code
    ['48.99999.8888', '+5548999998888'],
    ['  (48) 99999-8888  ', '+5548999998888'],
    ['(48) 3011 - 9299', '+554830119299'], // landline
    ['4830119299', '+554830119299'],
    ['+55 48 3011-9299', '+554830119299'],
    ['0 15 48 3011-9299', '+554830119299'],
    ['(11) 2345-6789', '+551123456789'],
    ['(55) 99999-8888', '+5555999998888'], // DDD 55 (Santa Maria, RS) without country code
    ['55 55 99999-8888', '+5555999998888'], // … and with it
    ['5555 3222-1111', '+555532221111'],
  ])('reads %p as %p', (input, expected) => {
    expect(parsePhone(input)).toBe(expected);
  });

  it('adds the ninth digit to an old 8-digit mobile by default', () => {
    expect(parsePhone('(48) 9999-8888')).toBe('+5548999998888');
    expect(parsePhone('554888887777')).toBe('+5548988887777'); // a WhatsApp id without the 9
    expect(parsePhone('(11) 6123-4567')).toBe('+5511961234567');
  });

  it('refuses an old 8-digit mobile when asked to', () => {
    const error = caught(() => parsePhone('(48) 9999-8888', { legacyMobile: 'reject', field: 'telefone' }));
    expect(error).toMatchObject({ code: 'phone.invalid', field: 'telefone' });
    expect(error.message).toContain('ninth digit');
    expect(isValidPhone('(48) 9999-8888', { legacyMobile: 'reject' })).toBe(false);
    expect(isValidPhone('(48) 3011-9299', { legacyMobile: 'reject' })).toBe(true);
  });

  it.each([
    ['(20) 99999-8888', 'area code'],
    ['(10) 99999-8888', 'area code'],
    ['(23) 3333-4444', 'area code'],
    ['(48) 89999-8888', 'must start with 9'],
    ['(48) 1234-5678', '2–5 (landline)'],
    ['(48) 0123-4567', '2–5 (landline)'],
    ['0800 123 4567', 'area code'],
    ['+1 415 555 0100', 'Brazilian'],
    ['+351 912 345 678', 'Brazilian'],
    ['99999-8888', 'area code and 8 or 9 digits'],
    ['489999988881', 'area code and 8 or 9 digits'],
    ['(48) 99999-8888 ramal 2', 'only digits'],
    ['48 99999+8888', 'only digits'],
    ['', 'only digits'],
    ['   ', 'only digits'],
  ])('rejects %p (%s) with phone.invalid', (input, why) => {
    expect(isValidPhone(input)).toBe(false);
    const error = caught(() => parsePhone(input, { field: 'customer.phone' }));
    expect(error).toMatchObject({ code: 'phone.invalid', field: 'customer.phone' });
    expect(error.message).toContain(why);
  });

  it('rejects non-text input', () => {
    expect(caught(() => parsePhone(48999998888 as unknown as string))).toMatchObject({ code: 'phone.invalid' });
  });

  it('never echoes the number in an error', () => {
    const error = caught(() => parsePhone('(48) 89999-8888'));
    expect(error.message).not.toMatch(/8999|9888/);
  });
});

describe('formatPhone', () => {
  const mobile = parsePhone('(48) 99999-8888');
  const landline = parsePhone('(48) 3011-9299');

  it.each([
    ['e164', '+5548999998888', '+554830119299'],
    ['digits', '5548999998888', '554830119299'],
    ['national', '(48) 99999-8888', '(48) 3011-9299'],
    ['compact', '(48)99999-8888', '(48)3011-9299'],
    ['spaced', '(48) 99999 - 8888', '(48) 3011 - 9299'],
  ] as const)('%s → %p / %p', (format, forMobile, forLandline) => {
    expect(formatPhone(mobile, format)).toBe(forMobile);
    expect(formatPhone(landline, format)).toBe(forLandline);
  });

  it('refuses something that is not a phone', () => {
    expect(caught(() => formatPhone('+5520999998888' as E164Phone, 'national'))).toMatchObject({
      code: 'phone.invalid',
    });
  });

  it('round-trips every format through parsePhone', () => {
    const phone = fc
      .tuple(
        fc.constantFrom(...AREA_CODES),
        fc.oneof(
          fc.integer({ min: 0, max: 99_999_999 }).map((n) => `9${String(n).padStart(8, '0')}`),
          fc.integer({ min: 20_000_000, max: 59_999_999 }).map(String),
        ),
      )
      .map(([ddd, subscriber]) => parsePhone(ddd + subscriber));
    const formats: PhoneFormat[] = ['e164', 'digits', 'national', 'compact', 'spaced'];
    fc.assert(
      fc.property(phone, fc.constantFrom(...formats), (e164, format) => {
        expect(parsePhone(formatPhone(e164, format), { legacyMobile: 'reject' })).toBe(e164);
      }),
    );
  });
});

describe('phoneKind / areaCodeOf', () => {
  it('tells mobiles from landlines and gives the area code', () => {
    expect(phoneKind(parsePhone('(48) 99999-8888'))).toBe('mobile');
    expect(phoneKind(parsePhone('(48) 3011-9299'))).toBe('landline');
    expect(areaCodeOf(parsePhone('+55 11 91234-5678'))).toBe('11');
  });
});

describe('area codes', () => {
  it('lists the 67 DDDs in use', () => {
    expect(AREA_CODES).toHaveLength(67);
    expect(new Set(AREA_CODES).size).toBe(67);
    expect(Object.isFrozen(AREA_CODES)).toBe(true);
    for (const ddd of ['11', '21', '48', '55', '61', '99']) expect(isValidAreaCode(ddd)).toBe(true);
    for (const ddd of ['10', '20', '23', '25', '26', '29', '30', '36', '39', '40', '50', '52', '56', '70', '72', '76', '78', '80', '90'])
      expect(isValidAreaCode(ddd)).toBe(false);
  });
});

describe('maskPhone', () => {
  it('keeps only the area code and the last four digits', () => {
    expect(maskPhone('(48) 99999-8888')).toBe('+55 48 *****-8888');
    expect(maskPhone('+554830119299')).toBe('+55 48 ****-9299');
  });

  it('hides every digit of something that is not a valid phone, and never throws', () => {
    expect(maskPhone('(20) 99999-8888')).toBe('(**) *****-****');
    expect(maskPhone('')).toBe('');
    expect(maskPhone(null as unknown as string)).toBe('***');
  });
});
