import { completeCnpj, completeCpf, documentKind, isValidCnpj, isValidCpf, maskDocument } from './documents';

describe('documents', () => {
  it('accepts valid CPFs with or without punctuation', () => {
    expect(isValidCpf('529.982.247-25')).toBe(true);
    expect(isValidCpf('52998224725')).toBe(true);
    expect(isValidCpf('222.570.550-04')).toBe(true);
  });

  it('rejects CPFs with a wrong check digit or repeated digits', () => {
    expect(isValidCpf('529.982.247-24')).toBe(false);
    expect(isValidCpf('111.111.111-11')).toBe(false);
    expect(isValidCpf('1234')).toBe(false);
  });

  it('accepts numeric and 2026 alphanumeric CNPJs', () => {
    expect(isValidCnpj('33.468.326/0001-05')).toBe(true);
    expect(isValidCnpj('12.ABC.345/01DE-35')).toBe(true);
    expect(isValidCnpj('33.468.326/0001-06')).toBe(false);
  });

  it('builds valid fixtures from a base', () => {
    expect(isValidCpf(completeCpf('123456789'))).toBe(true);
    expect(isValidCnpj(completeCnpj('AB1234560001'))).toBe(true);
    expect(documentKind(completeCpf('987654321'))).toBe('cpf');
    expect(documentKind('00000000000')).toBeNull();
  });

  it('masks documents for logs', () => {
    expect(maskDocument('529.982.247-25')).toBe('***982247**');
  });
});
