/** Polls `probe` until it returns a value that passes `until` (default: truthy), or fails with the last value seen. */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  opts: { timeoutMs?: number; intervalMs?: number; until?: (v: T) => boolean; what?: string } = {},
): Promise<T> {
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
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
