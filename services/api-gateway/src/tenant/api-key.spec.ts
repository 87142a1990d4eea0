import { generateApiKey, generateTenantId, hashApiKey, hashesEqual, parseApiKey } from './api-key';

describe('api keys', () => {
  it('generates distinct keys whose prefix can be parsed back and whose hash verifies', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).not.toEqual(b.key);
    expect(parseApiKey(a.key)).toEqual({ prefix: a.prefix });
    expect(hashesEqual(hashApiKey(a.key), a.hash)).toBe(true);
    expect(hashesEqual(hashApiKey(b.key), a.hash)).toBe(false);
  });

  it('never stores the key itself: the hash is not the key and has fixed length', () => {
    const { key, hash } = generateApiKey();
    expect(hash).not.toContain(key.slice(3));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects malformed keys', () => {
    for (const bad of ['', 'lh_', 'lh_short_x', `xx_${'a'.repeat(12)}_${'b'.repeat(40)}`, `lh_${'a'.repeat(12)}_${'b'.repeat(39)}!`]) {
      expect(parseApiKey(bad)).toBeNull();
    }
  });

  it('makes tenant ids that are url-safe', () => {
    expect(generateTenantId()).toMatch(/^tn_[a-z0-9]{14}$/);
  });
});
