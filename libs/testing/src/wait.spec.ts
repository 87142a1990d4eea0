import { eventually, waitFor } from './wait';

describe('waitFor', () => {
  it('polls until the value passes `until`, counting a throwing probe as "not yet"', async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        calls++;
        if (calls === 1) throw new Error('not up yet');
        return calls;
      },
      { until: (n) => n >= 3, intervalMs: 1 },
    );
    expect(value).toBe(3);
  });

  it('names what it waited for and the last error when time is up', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 30, intervalMs: 5, what: 'the service' },
      ),
    ).rejects.toThrow(/timed out waiting for the service \(last error: connection refused\)/);
  });
});

describe('eventually', () => {
  it('treats undefined as "not yet" and returns the first other value, falsy ones included', async () => {
    const answers = [undefined, undefined, 0];
    expect(await eventually(() => answers.shift(), { intervalMs: 1 })).toBe(0);
    const flags = [undefined, false];
    expect(await eventually(async () => flags.shift(), { intervalMs: 1 })).toBe(false);
  });

  it('fails after the timeout, naming what it waited for', async () => {
    await expect(eventually(() => undefined, { timeoutMs: 30, intervalMs: 5, what: 'a row' })).rejects.toThrow(
      /timed out waiting for a row/,
    );
  });
});
