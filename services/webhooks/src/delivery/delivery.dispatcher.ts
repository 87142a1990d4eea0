import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { runWithContext, SecretBox } from '@looma-hub/platform';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DELIVERY_SETTINGS, type DeliverySettings } from '../config';
import { DISPATCHER_SWITCH, type DispatcherSwitch } from '../settings.module';
import { DELIVERY_CHANNEL } from './delivery.channel';
import { DeliveryStatus } from './delivery.entity';
import { endpointsDisabled, webhookAttemptDuration, webhookAttempts } from './delivery.metrics';
import { disableReason, retryDelayMs } from './domain/retry-policy';
import { deliveryBody, signDelivery } from './domain/signing';
import { sendWebhook, type SendResult } from './http-sender';

/** A delivery this dispatcher holds, with what it needs to send it. */
interface ClaimedDelivery {
  id: string;
  tenant_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  event_time: Date;
  payload: Record<string, unknown>;
  cycle: number;
  attempts: number;
  claim_token: string;
  url: string;
  secret_sealed: string;
  custom_headers: Record<string, string>;
}

/** Extra time past the request timeout before another dispatcher may take over a claimed delivery. */
const LEASE_MARGIN_MS = 30_000;

/**
 * Sends due deliveries. Replicas share the work: each claims a batch with FOR UPDATE SKIP LOCKED and leases
 * it (next_attempt_at moves past the request timeout, claim_token names the holder), so a dispatcher that
 * dies mid-attempt only delays its deliveries until the lease ends. Woken by NOTIFY when deliveries are
 * queued or replayed; polls as a fallback, which also picks up retries as they fall due.
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryDispatcher.name);
  private readonly inflight = new Set<Promise<void>>();
  private running = false;
  private loop: Promise<void> | undefined;
  private listener: Client | undefined;
  private listenerBroken = false;
  private lastListenAttempt = 0;
  private wake: (() => void) | undefined;
  private pending = false;
  private failures = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
    @Inject(DISPATCHER_SWITCH) private readonly switch_: DispatcherSwitch,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.switch_.enabled) await this.start();
  }

  /** Runs before the HTTP server and the data source close: stop claiming, let in-flight attempts finish and record. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
    this.logger.log({ concurrency: this.settings.concurrency }, 'webhook dispatcher started');
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.signal();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
    this.logger.log('webhook dispatcher stopped');
  }

  /** Deliveries being sent right now by this process. */
  get inFlight(): number {
    return this.inflight.size;
  }

  private signal(): void {
    this.pending = true;
    this.wake?.();
  }

  private async listen(): Promise<void> {
    this.lastListenAttempt = Date.now();
    const client = new Client({ connectionString: this.settings.databaseUrl, application_name: 'webhooks-dispatcher' });
    client.on('notification', () => this.signal());
    client.on('error', (err) => {
      this.listenerBroken = true;
      this.logger.warn({ err: err.message }, 'dispatcher listener connection error; polling continues');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${DELIVERY_CHANNEL}`);
      this.listener = client;
      this.listenerBroken = false;
    } catch (err) {
      this.listenerBroken = true;
      await client.end().catch(() => undefined);
      this.logger.warn({ err: (err as Error).message }, 'dispatcher could not LISTEN; polling only');
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.pending = false;
      if (this.listenerBroken && Date.now() - this.lastListenAttempt > 5_000) {
        await this.listener?.end().catch(() => undefined);
        await this.listen();
      }
      const free = this.settings.concurrency - this.inflight.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const rows = await this.claim(free);
          claimed = rows.length;
          for (const row of rows) this.track(this.attempt(row));
          this.failures = 0;
        } catch (err) {
          this.failures++;
          this.logger.warn({ err: (err as Error).message, failures: this.failures }, 'could not claim deliveries; will retry');
        }
      }
      if (!this.running) break;
      if (claimed > 0 && claimed === free) continue;
      if (this.pending && !this.failures) continue;
      await this.sleep(this.failures ? Math.min(30_000, 250 * 2 ** this.failures) : this.settings.pollIntervalMs);
    }
    await Promise.allSettled([...this.inflight]);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
      if (this.pending || !this.running) this.wake();
    });
  }

  private track(attempt: Promise<void>): void {
    const p = attempt.catch((err: unknown) => {
      this.logger.error({ err: (err as Error).message }, 'delivery attempt crashed; its lease will run out and it is retried');
    });
    this.inflight.add(p);
    void p.finally(() => {
      this.inflight.delete(p);
      this.signal();
    });
  }

  /** Takes up to `limit` due deliveries of enabled endpoints, oldest due first, and leases them to this process. */
  private async claim(limit: number): Promise<ClaimedDelivery[]> {
    const leaseSeconds = (this.settings.timeoutMs + LEASE_MARGIN_MS) / 1000;
    const result: unknown = await this.dataSource.query(
      `WITH due AS (
         SELECT d.id FROM "webhooks"."delivery" d
           JOIN "webhooks"."endpoint" e ON e.id = d.endpoint_id AND e.tenant_id = d.tenant_id
          WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= now() AND e.enabled
          ORDER BY d.next_attempt_at
          LIMIT $1
          FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE "webhooks"."delivery" d
          SET attempts = d.attempts + 1, claim_token = $2,
              next_attempt_at = now() + make_interval(secs => $3), updated_at = now()
         FROM due, "webhooks"."endpoint" e
        WHERE d.id = due.id AND e.id = d.endpoint_id AND e.tenant_id = d.tenant_id
       RETURNING d.id, d.tenant_id, d.endpoint_id, d.event_id, d.event_type, d.event_time, d.payload, d.cycle, d.attempts,
                 d.claim_token, e.url, e.secret_sealed, e.custom_headers`,
      [limit, randomUUID(), leaseSeconds],
    );
    return rowsOf(result) as ClaimedDelivery[];
  }

  private async attempt(d: ClaimedDelivery): Promise<void> {
    await runWithContext({ correlationId: d.event_id, tenantId: d.tenant_id }, async () => {
      const attemptedAt = new Date();
      const result = await this.send(d, attemptedAt);
      try {
        await this.record(d, result, attemptedAt);
      } catch (err) {
        // The lease runs out and the delivery is attempted again: at least once, with the same webhook-id.
        this.logger.error({ err: (err as Error).message, deliveryId: d.id }, 'could not record a delivery attempt');
      }
    });
  }

  private async send(d: ClaimedDelivery, at: Date): Promise<SendResult> {
    let headers: Record<string, string>;
    let body: string;
    try {
      const custom = Object.fromEntries(Object.entries(d.custom_headers).map(([name, sealed]) => [name, this.secrets.open(sealed)]));
      body = deliveryBody(d.event_type, d.event_time, d.payload);
      headers = { ...custom, ...signDelivery(this.secrets.open(d.secret_sealed), d.id, body, at) };
    } catch (err) {
      return { statusCode: null, ok: false, error: `could not prepare the request: ${(err as Error).message}`, durationMs: 0 };
    }
    return sendWebhook({
      url: d.url,
      headers,
      body,
      timeoutMs: this.settings.timeoutMs,
      allowPrivateTargets: this.settings.allowPrivateTargets,
    });
  }

  /** Records the attempt and moves the delivery and its endpoint on, unless a replay or a deletion got there first. */
  private async record(d: ClaimedDelivery, result: SendResult, attemptedAt: Date): Promise<void> {
    const delay = result.ok ? null : retryDelayMs(d.attempts, this.settings.retryScheduleMs, this.settings.jitter);
    const status = result.ok ? DeliveryStatus.Delivered : delay === null ? DeliveryStatus.Dead : DeliveryStatus.Failed;
    webhookAttempts.inc({ outcome: status });
    webhookAttemptDuration.observe({ outcome: status }, result.durationMs / 1000);
    const disabled = await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO "webhooks"."delivery_attempt" (id, delivery_id, tenant_id, cycle, attempt, attempted_at, status_code, error, duration_ms)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
          WHERE EXISTS (SELECT 1 FROM "webhooks"."delivery" WHERE id = $2 AND tenant_id = $3)`,
        [randomUUID(), d.id, d.tenant_id, d.cycle, d.attempts, attemptedAt, result.statusCode, result.error, result.durationMs],
      );
      const updated: unknown = await m.query(
        `UPDATE "webhooks"."delivery"
            SET status = $4,
                next_attempt_at = CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(secs => $5::int / 1000.0) END,
                claim_token = NULL, last_status_code = $6, last_error = $7,
                delivered_at = CASE WHEN $4 = 'delivered' THEN now() ELSE delivered_at END, updated_at = now()
          WHERE id = $1 AND tenant_id = $2 AND claim_token = $3
         RETURNING id`,
        [d.id, d.tenant_id, d.claim_token, status, delay, result.statusCode, result.error],
      );
      if (!rowsOf(updated).length) return null;
      if (result.ok) {
        await m.query(
          `UPDATE "webhooks"."endpoint" SET consecutive_failures = 0, consecutive_dead = 0, failing_since = NULL, updated_at = now()
            WHERE id = $1 AND tenant_id = $2 AND (consecutive_failures <> 0 OR consecutive_dead <> 0 OR failing_since IS NOT NULL)`,
          [d.endpoint_id, d.tenant_id],
        );
        return null;
      }
      const endpoint = rowsOf(
        await m.query(
          `UPDATE "webhooks"."endpoint"
              SET consecutive_failures = consecutive_failures + 1, consecutive_dead = consecutive_dead + $3,
                  failing_since = COALESCE(failing_since, $4), updated_at = now()
            WHERE id = $1 AND tenant_id = $2
          RETURNING enabled, consecutive_dead, failing_since`,
          [d.endpoint_id, d.tenant_id, status === DeliveryStatus.Dead ? 1 : 0, attemptedAt],
        ),
      )[0] as { enabled: boolean; consecutive_dead: number; failing_since: Date | null } | undefined;
      if (!endpoint?.enabled) return null;
      const reason = disableReason(
        { consecutiveDead: endpoint.consecutive_dead, failingSince: endpoint.failing_since },
        { afterDead: this.settings.disableAfterDead, afterMs: this.settings.disableAfterMs },
        new Date(),
      );
      if (!reason) return null;
      await m.query(
        `UPDATE "webhooks"."endpoint" SET enabled = false, disabled_at = now(), disabled_reason = $3, updated_at = now()
          WHERE id = $1 AND tenant_id = $2`,
        [d.endpoint_id, d.tenant_id, reason],
      );
      return reason;
    });
    const log = {
      deliveryId: d.id,
      endpointId: d.endpoint_id,
      cycle: d.cycle,
      attempt: d.attempts,
      statusCode: result.statusCode,
      ms: result.durationMs,
    };
    if (result.ok) this.logger.log(log, 'webhook delivered');
    else this.logger.warn({ ...log, error: result.error, status, retryInMs: delay }, 'webhook attempt failed');
    if (disabled) {
      endpointsDisabled.inc();
      this.logger.warn({ endpointId: d.endpoint_id, reason: disabled }, 'webhook endpoint disabled after sustained failure');
    }
  }
}

/** TypeORM returns [rows, count] for UPDATE … RETURNING on Postgres and plain rows for SELECT. */
function rowsOf(result: unknown): unknown[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as unknown[];
  return Array.isArray(result) ? result : [];
}
