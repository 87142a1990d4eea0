import { isDomainError } from '@looma-hub/domain';
import { CustomerKeys } from './customer-key';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');

describe('CustomerKeys', () => {
  const keys = new CustomerKeys(KEY_A);

  it('gives one key per customer whatever the punctuation, never the document itself', () => {
    const key = keys.of('t1', '529.982.247-25');
    expect(keys.of('t1', '52998224725')).toBe(key);
    expect(keys.of('t1', ' 529 982 247 25 ')).toBe(key);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain('52998224725');
    expect(keys.of('t1', '11.222.333/0001-81')).not.toBe(key);
  });

  it('differs across tenants and across secrets', () => {
    expect(keys.of('t2', '52998224725')).not.toBe(keys.of('t1', '52998224725'));
    expect(new CustomerKeys(KEY_B).of('t1', '52998224725')).not.toBe(keys.of('t1', '52998224725'));
  });

  it('refuses what is not a CPF or CNPJ, naming the field', () => {
    let caught: unknown;
    try {
      keys.of('t1', '529.982.247-24', 'customer.document');
    } catch (err) {
      caught = err;
    }
    expect(isDomainError(caught, 'document.invalid')).toBe(true);
    expect((caught as { field?: string }).field).toBe('customer.document');
  });
});
