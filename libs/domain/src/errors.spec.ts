import { defineErrorCodes, describeValue, DomainError, DomainErrorCode, isDomainError, registeredErrorCodes } from './errors';

const Test = defineErrorCodes({
  Xy: { code: 'x.y', category: 'invalid' },
  AB: { code: 'a.b', category: 'unavailable', title: 'A is down' },
  OrderNotFound: { code: 'order.not_found', category: 'not_found' },
});

describe('DomainError', () => {
  it('carries a code, a field and a message, and is an Error', () => {
    const error = new DomainError(DomainErrorCode.MoneyInvalid, 'Not a BRL amount', { field: 'vlProduto' });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('money.invalid');
    expect(error.category).toBe('invalid');
    expect(error.title).toBe('Invalid amount');
    expect(error.field).toBe('vlProduto');
    expect(error.message).toBe('Not a BRL amount');
    expect(error.name).toBe('DomainError');
    expect(error.stack).toContain('Not a BRL amount');
  });

  it('leaves field and details undefined when not given', () => {
    const error = new DomainError(Test.Xy, 'm');
    expect(error.field).toBeUndefined();
    expect(error.details).toBeUndefined();
    expect(error.title).toBe('Y');
    expect(error.toJSON()).toEqual({ name: 'DomainError', code: 'x.y', category: 'invalid', message: 'm' });
  });

  it('takes its name from a feature subclass, which stays instanceof DomainError', () => {
    class OrderNotFound extends DomainError {
      constructor(orderId: string) {
        super(Test.OrderNotFound, `Order ${orderId} not found`, { details: { orderId } });
      }
    }
    const error = new OrderNotFound('o-1');
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(OrderNotFound);
    expect(error.name).toBe('OrderNotFound');
    expect(error.toJSON()).toEqual({
      name: 'OrderNotFound',
      code: 'order.not_found',
      category: 'not_found',
      message: 'Order o-1 not found',
      details: { orderId: 'o-1' },
    });
  });

  it('keeps the cause', () => {
    const cause = new Error('low level');
    expect(new DomainError(Test.AB, 'high level', { cause }).cause).toBe(cause);
  });

  it('serialises through JSON.stringify via toJSON', () => {
    const error = new DomainError(DomainErrorCode.CpfInvalid, 'bad', { field: 'cpf' });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'DomainError',
      code: 'cpf.invalid',
      category: 'invalid',
      message: 'bad',
      field: 'cpf',
    });
  });
});

describe('isDomainError', () => {
  it('recognises domain errors, optionally of one code', () => {
    const error = new DomainError(DomainErrorCode.PhoneInvalid, 'bad phone');
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(error, 'phone.invalid')).toBe(true);
    expect(isDomainError(error, 'cpf.invalid')).toBe(false);
    expect(isDomainError(error, DomainErrorCode.PhoneInvalid)).toBe(true);
    expect(isDomainError(new Error('plain'))).toBe(false);
    expect(isDomainError({ code: 'phone.invalid' })).toBe(false);
  });
});

describe('DomainErrorCode', () => {
  it('uses dotted lower-case codes, all distinct, each an invalid-input error', () => {
    const codes = Object.values(DomainErrorCode).map((c) => c.code);
    for (const code of codes) expect(code).toMatch(/^[a-z_]+\.[a-z_]+$/);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(Object.values(DomainErrorCode).map((c) => c.category))).toEqual(new Set(['invalid']));
  });
});

describe('defineErrorCodes', () => {
  it('registers every code, refuses malformed codes and one code with two categories', () => {
    expect(registeredErrorCodes().map((c) => c.code)).toEqual(expect.arrayContaining(['money.invalid', 'x.y', 'a.b']));
    expect(() => defineErrorCodes({ Bad: { code: 'NoDot', category: 'invalid' } })).toThrow(/dotted lower case/);
    expect(() => defineErrorCodes({ Twice: { code: 'x.y', category: 'conflict' } })).toThrow(/defined twice/);
  });

  it('keeps all field errors and names the first as the field', () => {
    const e = new DomainError(Test.Xy, 'two bad fields', {
      fieldErrors: [
        { field: 'a', message: 'm' },
        { field: 'b', message: 'n' },
      ],
    });
    expect(e.field).toBe('a');
    expect(e.fieldErrors).toHaveLength(2);
  });
});

describe('describeValue', () => {
  it('renders values briefly for messages', () => {
    expect(describeValue('abc')).toBe('"abc"');
    expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(40)}…"`);
    expect(describeValue(1.5)).toBe('1.5');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue([1])).toBe('an array');
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue(() => 1)).toBe('a function');
  });
});
