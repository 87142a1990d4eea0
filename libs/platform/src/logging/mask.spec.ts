import { maskDocument, maskString, maskValue } from './mask';

describe('log masking', () => {
  it('never lets a full CPF or CNPJ through, punctuated or not', () => {
    const line = maskString('cliente 529.982.247-25 e 52998224725, loja 11.222.333/0001-81 e 11222333000181');
    expect(line).not.toMatch(/529\.?982\.?247-?25/);
    expect(line).not.toMatch(/11\.?222\.?333\/?0001-?81/);
    expect(line).toContain('***.982.247-**');
    expect(line).toContain('**.***.***/0001-**');
  });

  it('masks the 2026 alphanumeric CNPJ too', () => {
    expect(maskString('cnpj 12.ABC.345/01DE-35')).toBe('cnpj **.***.***/01DE-**');
  });

  it('redacts bearer tokens, hub API keys and webhook secrets', () => {
    const s = maskString(
      'Authorization: Bearer abc.def-123 key lh_AbCdEfGhIjKl_0123456789012345678901234567890123456789 whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    );
    expect(s).toBe('Authorization: Bearer [redacted] key lh_[redacted] whsec_[redacted]');
  });

  it('redacts secret-like fields and masks document fields in objects, deeply', () => {
    const out = maskValue({
      token: 'secret-token',
      nested: { password: 'p', cpf: '52998224725', list: [{ apiKey: 'k' }], note: 'doc 529.982.247-25' },
      amount: 1990,
    }) as Record<string, unknown>;
    expect(out).toEqual({
      token: '[redacted]',
      nested: { password: '[redacted]', cpf: '***.982.247-**', list: [{ apiKey: '[redacted]' }], note: 'doc ***.982.247-**' },
      amount: 1990,
    });
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(() => maskValue(a)).not.toThrow();
  });

  it('masks documents of any length without revealing them', () => {
    expect(maskDocument('529.982.247-25')).toBe('***.982.247-**');
    expect(maskDocument('123')).toBe('****');
  });
});

describe('log masking at the edges', () => {
  it('masks CPFs glued to letters or underscores and numeric document fields', () => {
    expect(maskString('cpf52998224725 doc_52998224725')).not.toMatch(/52998224725/);
    expect(maskValue({ cpf: 52998224725 })).toEqual({ cpf: '***.982.247-**' });
  });

  it('leaves longer digit runs (order numbers, timestamps) alone', () => {
    expect(maskString('epoch 1795456095988123')).toBe('epoch 1795456095988123');
  });
});
