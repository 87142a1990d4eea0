import { compilePathPattern } from './glob';

describe('compilePathPattern', () => {
  it('matches single-segment wildcards', () => {
    const m = compilePathPattern('/retailer/v1/sales/*/cancel');
    expect(m('/retailer/v1/sales/abc/cancel')).toBe(true);
    expect(m('/retailer/v1/sales/a/b/cancel')).toBe(false);
  });

  it('matches multi-segment wildcards, including the bare parent', () => {
    const m = compilePathPattern('/credit/**');
    expect(m('/credit/v1/venda/vender')).toBe(true);
    expect(m('/credit')).toBe(true);
    expect(m('/creditx/v1')).toBe(false);
    expect(compilePathPattern('**')('/anything/at/all')).toBe(true);
  });

  it('matches exact paths and adds a missing leading slash', () => {
    expect(compilePathPattern('/retailer/v1/products')('/retailer/v1/products')).toBe(true);
    expect(compilePathPattern('retailer/v1/products')('/retailer/v1/products')).toBe(true);
    expect(compilePathPattern('/retailer/v1/products')('/retailer/v1/products/1')).toBe(false);
  });

  it('accepts regular expressions in both notations', () => {
    expect(compilePathPattern('^/loyalty/api/Integracao/(Pontua|Debitar)Consumidor$')('/loyalty/api/Integracao/PontuaConsumidor')).toBe(
      true,
    );
    expect(compilePathPattern('/pontuaconsumidor$/i')('/loyalty/api/Integracao/PontuaConsumidor')).toBe(true);
    expect(compilePathPattern('/pontuaconsumidor$/')('/loyalty/api/Integracao/PontuaConsumidor')).toBe(false);
  });

  it('escapes regex metacharacters in globs', () => {
    expect(compilePathPattern('/b2b/carrinhos.json')('/b2b/carrinhosXjson')).toBe(false);
  });
});
