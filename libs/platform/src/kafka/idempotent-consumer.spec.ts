import { isTransientError } from '../errors/infrastructure';

describe('isTransientError', () => {
  it('treats connection loss and database restarts as transient', () => {
    expect(isTransientError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:55432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientError({ message: 'x', driverError: { code: '57P01' } })).toBe(true);
    expect(isTransientError({ message: 'x', driverError: { code: '08006' } })).toBe(true);
    expect(isTransientError(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('treats handler bugs and constraint violations as not transient (they go to the DLQ after retries)', () => {
    expect(isTransientError(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isTransientError({ message: 'duplicate key', driverError: { code: '23505' } })).toBe(false);
  });
});
