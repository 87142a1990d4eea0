export interface WaitOptions {
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
  /** Pause between probes (default 250 ms). */
  intervalMs?: number;
  /** What is awaited, for the timeout message. */
  what?: string;
}

/**
 * Polls `probe` until it returns a value that passes `until` (default: truthy), or fails with the last value or
 * error seen. A probe that throws counts as "not yet". A type-guard `until` narrows the result.
 */
export function waitFor<T, U extends T>(probe: () => Promise<T> | T, opts: WaitOptions & { until: (v: T) => v is U }): Promise<U>;
export function waitFor<T>(probe: () => Promise<T> | T, opts?: WaitOptions & { until?: (v: T) => boolean }): Promise<T>;
export async function waitFor<T>(probe: () => Promise<T> | T, opts: WaitOptions & { until?: (v: T) => boolean } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const until = opts.until ?? ((v: T) => Boolean(v));
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (until(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const seen = lastError instanceof Error ? `last error: ${lastError.message}` : `last value: ${JSON.stringify(last)?.slice(0, 500)}`;
      throw new Error(`timed out waiting for ${opts.what ?? 'condition'} (${seen})`);
    }
    await sleep(opts.intervalMs ?? 250);
  }
}

/** `waitFor` for probes that answer `undefined` while the condition does not hold yet, and the value once it does. */
export function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, opts: WaitOptions = {}): Promise<T> {
  return waitFor(probe, { ...opts, until: (v): v is T => v !== undefined });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
