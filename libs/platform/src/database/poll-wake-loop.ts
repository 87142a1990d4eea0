import { Logger } from '@nestjs/common';
import { Client } from 'pg';

export interface PollWakeLoopOptions {
  /** Shown in logs and as the listener's `application_name`. */
  name: string;
  databaseUrl: string;
  /** Postgres NOTIFY channel that wakes the loop (writers `pg_notify` it in the transaction that makes work). */
  channel: string;
  /** Fallback poll while idle: covers lost notifications and work that falls due by time (retries). */
  pollIntervalMs: number;
  /**
   * One pass over the work. `'more'` runs the next pass at once (a full batch: there may be more); `'idle'` sleeps
   * until a notification, `wake()` or the poll interval. A throw backs off exponentially (250 ms doubling, ≤ 30 s).
   */
  pass: () => Promise<'more' | 'idle'>;
  /** Called with each pass failure (after the loop logged it), e.g. to record the error on the stuck row. */
  onPassError?: (err: unknown, failures: number) => Promise<void> | void;
}

const MAX_BACKOFF_MS = 30_000;
const RELISTEN_AFTER_MS = 5_000;

/**
 * The loop under every Postgres-backed queue of the hub (the outbox relay, the webhook dispatcher): run a pass when
 * woken by LISTEN/NOTIFY, poll as a fallback, back off while passes fail, and keep the LISTEN connection alive
 * (a broken one is re-opened, polling carries on meanwhile). Work claiming (`FOR UPDATE SKIP LOCKED`, advisory
 * locks, leases) stays with the caller's `pass`, because each queue orders its work differently.
 */
export class PollWakeLoop {
  private readonly logger: Logger;
  private listener: Client | undefined;
  private listenerBroken = true;
  private lastListenAttempt = 0;
  private running = false;
  private pending = false;
  private failures = 0;
  private wakeSleeper: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly opts: PollWakeLoopOptions) {
    this.logger = new Logger(`PollWakeLoop:${opts.name}`);
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  /** Stops after the pass in progress; the caller then drains its own in-flight work. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  /** Runs a pass as soon as the current one ends (or now, if the loop sleeps). */
  wake(): void {
    this.pending = true;
    // While backing off from failures only a stop cuts the sleep short: work finishing must not make it spin.
    if (!this.failures || !this.running) this.wakeSleeper?.();
  }

  private async listen(): Promise<void> {
    this.lastListenAttempt = Date.now();
    const client = new Client({ connectionString: this.opts.databaseUrl, application_name: this.opts.name });
    client.on('notification', () => this.wake());
    client.on('error', (err) => {
      this.listenerBroken = true;
      this.logger.warn({ err: err.message }, 'listener connection error; polling continues');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.opts.channel}`);
      this.listener = client;
      this.listenerBroken = false;
    } catch (err) {
      this.listenerBroken = true;
      await client.end().catch(() => undefined);
      this.logger.warn({ err: (err as Error).message }, 'could not LISTEN; polling only until it can');
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.pending = false;
      if (this.listenerBroken && Date.now() - this.lastListenAttempt > RELISTEN_AFTER_MS) {
        await this.listener?.end().catch(() => undefined);
        this.listener = undefined;
        await this.listen();
      }
      let outcome: 'more' | 'idle' = 'idle';
      try {
        outcome = await this.opts.pass();
        this.failures = 0;
      } catch (err) {
        this.failures++;
        this.logger.warn({ err: (err as Error)?.message ?? String(err), failures: this.failures }, 'pass failed; will retry');
        await Promise.resolve(this.opts.onPassError?.(err, this.failures)).catch(() => undefined);
      }
      if (!this.running) break;
      if (!this.failures && (outcome === 'more' || this.pending)) continue;
      await this.sleep(this.failures ? Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.failures) : this.opts.pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeSleeper = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleeper = done;
      // Woken between the pass and this sleep (or stopped): do not wait.
      if (!this.running || (this.pending && !this.failures)) done();
    });
  }
}
