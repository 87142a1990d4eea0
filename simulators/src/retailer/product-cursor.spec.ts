import { compareKeys, decodeCursor, encodeCursor } from './product-cursor';

describe('product cursor', () => {
  it('round-trips the last key seen and stays URL-safe', () => {
    const cursor = encodeCursor({ updatedAtMs: 1_795_454_995_466, id: 'P/1+2' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({ updatedAtMs: 1_795_454_995_466, id: 'P/1+2' });
  });

  it('refuses cursors it did not issue', () => {
    expect(decodeCursor('garbage')).toBeNull();
    expect(decodeCursor(Buffer.from('{"a":1}').toString('base64url'))).toBeNull();
    expect(decodeCursor(Buffer.from('[1.5,"x"]').toString('base64url'))).toBeNull();
  });

  it('orders by updatedAt, then id', () => {
    expect(compareKeys({ updatedAtMs: 1, id: 'b' }, { updatedAtMs: 2, id: 'a' })).toBeLessThan(0);
    expect(compareKeys({ updatedAtMs: 2, id: 'a' }, { updatedAtMs: 2, id: 'b' })).toBeLessThan(0);
    expect(compareKeys({ updatedAtMs: 2, id: 'b' }, { updatedAtMs: 2, id: 'b' })).toBe(0);
  });
});
