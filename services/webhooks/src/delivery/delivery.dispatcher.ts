import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { eventKey, Topics, type WebhookEndpointDisabledV1 } from '@looma-hub/contracts';
import { OutboxWriter, PollWakeLoop, runWithContext, SecretBox } from '@looma-hub/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { rowsOf } from '../common/rows';
import { DELIVERY_SETTINGS, type DeliverySettings } from '../config';
import { DISPATCHER_SWITCH, type DispatcherSwitch } from '../settings.module';
import { DELIVERY_CHANNEL } from './delivery.channel';
import { DeliveryStatus } from './delivery.entity';
import { endpointsDisabled, webhookAttemptDuration, webhookAttempts, webhookDeliveryLag } from './delivery.metrics';
import { renderDelivery } from './domain/formats';
import { disableReason, retryAfterMs, retryDelayMs } from './domain/retry-policy';
import { secretKey, signDelivery } from './domain/signing';
import { sendWebhook, type SendResult } from './http-sender';

/** A delivery this dispatcher holds, with what it needs to send it. */
interface ClaimedDelivery {
  id: string;
  tenant_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  event_time: Date;
  subject: string | null;
  payload: Record<string, unknown>;
  cycle: number;
  attempts: number;
  claim_token: string;
  url: string;
  format: string;
  options: Record<string, unknown>;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
  custom_headers: Record<string, string>;
  development_mode: boolean;
}

/** One finished attempt, waiting to be recorded with the others that finished meanwhile. */
interface Outcome {
  d: ClaimedDelivery;
  result: SendResult;
  attemptedAt: Date;
  status: DeliveryStatus;
  delayMs: number | null;
  pauseMs: number | null;
}

/** What a batch of outcomes does to one endpoint, in attempt order. */
interface EndpointTally {
  endpointId: string;
  tenantId: string;
  /** A 2xx came: the counters restart from the failures after the last one. */
  reset: boolean;
  lastSuccessAt: Date | null;
  failures: number;
  dead: number;
  firstFailureAt: Date | null;
  gone: boolean;
  pauseUntil: Date | null;
}

const MAX_CACHED_SECRETS = 10_000;
/** Outcomes recorded per transaction, at most. */
const FLUSH_BATCH = 500;

/**
 * Sends due deliveries. Replicas share the work: each claims with FOR UPDATE SKIP LOCKED and leases what it took
 * (`next_attempt_at` moves past the request timeout, `claim_token` names the holder), so a dispatcher that dies
 * mid-attempt only delays its deliveries until the lease ends, and they are sent again with the same webhook-id.
 *
 * Order and isolation, both decided by the claim: a delivery is taken only when no earlier one (by `seq`) of the
 * same endpoint and subject (the order, the product) is still open, so an aggregate's events reach an endpoint in
 * order, a failing one holding the later ones back; and each endpoint gets at most `endpointConcurrency` attempts
 * in flight, the oldest due first across endpoints, so a slow endpoint fills its own slots and never the others'.
 *
 * Outcomes are recorded in batches (one transaction for whatever finished meanwhile): the attempt log, the
 * delivery's next state, the endpoint's counters, disabling it (410 Gone, or failing for `disableAfterMs`) with
 * a `hub.webhooks.endpoint-disabled.v1` event, and pausing it for a 429/503's `Retry-After`.
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryDispatcher.name);
  private readonly loop: PollWakeLoop;
  private readonly inflight = new Set<Promise<void>>();
  private readonly busy = new Map<string, number>();
  private readonly keys = new Map<string, Buffer>();
  private readonly opened = new Map<string, string>();
  private outcomes: Outcome[] = [];
  private flushing: Promise<void> | undefined;
  private started = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    private readonly outbox: OutboxWriter,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
    @Inject(DISPATCHER_SWITCH) private readonly switch_: DispatcherSwitch,
  ) {
    this.loop = new PollWakeLoop({
      name: 'webhooks-dispatcher',
      databaseUrl: settings.databaseUrl,
      channel: DELIVERY_CHANNEL,
      pollIntervalMs: settings.pollIntervalMs,
      pass: () => this.fill(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.switch_.enabled) await this.start();
  }

  /** Runs before the HTTP server and the data source close: stop claiming, let in-flight attempts finish and record. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.loop.start();
    this.logger.log(
      { concurrency: this.settings.concurrency, perEndpoint: this.settings.endpointConcurrency },
      'webhook dispatcher started',
    );
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.loop.stop();
    await Promise.allSettled([...this.inflight]);
    await this.flush();
    this.logger.log('webhook dispatcher stopped');
  }

  /** Deliveries being sent right now by this process. */
  get inFlight(): number {
    return this.inflight.size;
  }

  /** Claims as much as the free slots allow and starts sending it. */
  private async fill(): Promise<'more' | 'idle'> {
    const free = this.settings.concurrency - this.inflight.size;
    if (free <= 0) return 'idle';
    const rows = await this.claim(free);
    for (const row of rows) this.launch(row);
    return rows.length === free ? 'more' : 'idle';
  }

  private launch(d: ClaimedDelivery): void {
    this.busy.set(d.endpoint_id, (this.busy.get(d.endpoint_id) ?? 0) + 1);
    const p = this.attempt(d)
      .catch((err: unknown) => {
        this.logger.error(
          { err: (err as Error).message, deliveryId: d.id },
          'delivery attempt crashed; its lease runs out and it is retried',
        );
      })
      .finally(() => {
        this.inflight.delete(p);
        const n = (this.busy.get(d.endpoint_id) ?? 1) - 1;
        if (n > 0) this.busy.set(d.endpoint_id, n);
        else this.busy.delete(d.endpoint_id);
        this.loop.wake();
      });
    this.inflight.add(p);
  }

  /**
   * Takes up to `limit` due deliveries and leases them to this process: per enabled, unpaused endpoint the oldest
   * due whose subject has no earlier open delivery, at most its free per-endpoint slots; across endpoints the
   * oldest due first.
   */
  private async claim(limit: number): Promise<ClaimedDelivery[]> {
    const leaseSeconds = (this.settings.timeoutMs + this.settings.leaseMarginMs) / 1000;
    const busyIds = [...this.busy.keys()];
    const busyCounts = busyIds.map((id) => this.busy.get(id) ?? 0);
    const result: unknown = await this.dataSource.query(
      `WITH busy AS (SELECT * FROM unnest($4::uuid[], $5::int[]) AS b(endpoint_id, n)),
       picked AS (
         SELECT c.id FROM "webhooks"."endpoint" e
         LEFT JOIN busy b ON b.endpoint_id = e.id
         CROSS JOIN LATERAL (
           SELECT d.id, d.next_attempt_at FROM "webhooks"."delivery" d
            WHERE d.endpoint_id = e.id AND d.status IN ('pending', 'failed') AND d.next_attempt_at <= now()
              AND NOT EXISTS (
                SELECT 1 FROM "webhooks"."delivery" p
                 WHERE p.endpoint_id = d.endpoint_id AND p.subject = d.subject AND p.seq < d.seq AND p.status IN ('pending', 'failed'))
            ORDER BY d.next_attempt_at, d.seq
            LIMIT GREATEST(0, $6::int - COALESCE(b.n, 0))
         ) c
         WHERE e.enabled AND (e.paused_until IS NULL OR e.paused_until <= now())
         ORDER BY c.next_attempt_at
         LIMIT $1
       ),
       locked AS (SELECT d.id FROM "webhooks"."delivery" d WHERE d.id IN (SELECT id FROM picked) FOR UPDATE OF d SKIP LOCKED)
       UPDATE "webhooks"."delivery" d
          SET attempts = d.attempts + 1, claim_token = $2, next_attempt_at = now() + make_interval(secs => $3), updated_at = now()
         FROM locked, "webhooks"."endpoint" e
         LEFT JOIN "webhooks"."tenant_setting" ts ON ts.tenant_id = e.tenant_id
        WHERE d.id = locked.id AND e.id = d.endpoint_id AND e.tenant_id = d.tenant_id
       RETURNING d.id, d.tenant_id, d.endpoint_id, d.event_id, d.event_type, d.event_time, d.subject, d.payload, d.cycle,
                 d.attempts, d.claim_token, e.url, e.format, e.options, e.secret_sealed, e.previous_secret_sealed,
                 e.previous_secret_expires_at, e.custom_headers, COALESCE(ts.development_mode, false) AS development_mode`,
      [limit, randomUUID(), leaseSeconds, busyIds, busyCounts, this.settings.endpointConcurrency],
    );
    return rowsOf(result) as ClaimedDelivery[];
  }

  private async attempt(d: ClaimedDelivery): Promise<void> {
    await runWithContext({ correlationId: d.event_id, tenantId: d.tenant_id }, async () => {
      const attemptedAt = new Date();
      const result = await this.send(d, attemptedAt);
      let delayMs = result.ok ? null : retryDelayMs(d.attempts, this.settings.retryScheduleMs, this.settings.jitter);
      const pauseMs = result.ok ? null : retryAfterMs(result.statusCode, result.retryAfter, this.settings.maxRetryAfterMs);
      if (delayMs !== null && pauseMs !== null) delayMs = Math.max(delayMs, pauseMs);
      const status = result.ok ? DeliveryStatus.Delivered : delayMs === null ? DeliveryStatus.Dead : DeliveryStatus.Failed;
      webhookAttempts.inc({ outcome: status });
      webhookAttemptDuration.observe({ outcome: status }, result.durationMs / 1000);
      if (result.ok) webhookDeliveryLag.observe(Math.max(0, Date.now() - new Date(d.event_time).getTime()) / 1000);
      this.record({ d, result, attemptedAt, status, delayMs, pauseMs });
    });
  }

  private send(d: ClaimedDelivery, at: Date): Promise<SendResult> {
    let request: { url: string; headers: Record<string, string>; body: string; contentType: string };
    try {
      const rendered = renderDelivery(
        { url: d.url, format: d.format, options: d.options },
        {
          eventId: d.event_id,
          tenantId: d.tenant_id,
          eventType: d.event_type,
          eventTime: new Date(d.event_time),
          subject: d.subject,
          payload: d.payload,
        },
      );
      const keys = [this.key(d.secret_sealed)];
      if (d.previous_secret_sealed && d.previous_secret_expires_at && new Date(d.previous_secret_expires_at) > at) {
        keys.push(this.key(d.previous_secret_sealed));
      }
      const custom = Object.fromEntries(Object.entries(d.custom_headers).map(([name, sealed]) => [name, this.open(sealed)]));
      request = {
        url: rendered.url,
        body: rendered.body,
        contentType: rendered.contentType,
        headers: { ...custom, ...signDelivery(keys, d.id, rendered.body, at) },
      };
    } catch (err) {
      return Promise.resolve({
        statusCode: null,
        ok: false,
        error: `could not prepare the request: ${(err as Error).message}`,
        durationMs: 0,
        responseExcerpt: null,
        retryAfter: null,
      });
    }
    return sendWebhook({
      ...request,
      timeoutMs: this.settings.timeoutMs,
      allowPrivateTargets: this.settings.allowPrivateTargets || d.development_mode,
    });
  }

  /** Opened secrets, cached by their sealed text (a rotation seals a new one, so the cache never serves a stale key). */
  private key(sealed: string): Buffer {
    let k = this.keys.get(sealed);
    if (!k) {
      if (this.keys.size >= MAX_CACHED_SECRETS) this.keys.clear();
      k = secretKey(this.secrets.open(sealed));
      this.keys.set(sealed, k);
    }
    return k;
  }

  private open(sealed: string): string {
    let v = this.opened.get(sealed);
    if (v === undefined) {
      if (this.opened.size >= MAX_CACHED_SECRETS) this.opened.clear();
      v = this.secrets.open(sealed);
      this.opened.set(sealed, v);
    }
    return v;
  }

  private record(outcome: Outcome): void {
    this.outcomes.push(outcome);
    if (!this.flushing) this.flushing = this.flushLoop();
  }

  /** Records what finished, batch after batch, until nothing waits; then lets the claim loop look again. */
  private async flushLoop(): Promise<void> {
    // Let the attempts finishing in this tick join the batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.outcomes.length) {
        const batch = this.outcomes.splice(0, FLUSH_BATCH);
        try {
          await this.recordBatch(batch);
        } catch (err) {
          // Their leases run out and they are attempted again: at least once, with the same webhook-id.
          this.logger.error({ err: (err as Error).message, outcomes: batch.length }, 'could not record delivery attempts');
        }
        this.loop.wake();
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private async flush(): Promise<void> {
    while (this.flushing || this.outcomes.length) {
      if (!this.flushing) this.flushing = this.flushLoop();
      await this.flushing;
    }
  }

  /** One transaction: attempt log, delivery states (only where our claim still holds), endpoint counters and disabling. */
  private async recordBatch(batch: Outcome[]): Promise<void> {
    const disabled = await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO "webhooks"."delivery_attempt"
           (id, delivery_id, tenant_id, cycle, attempt, attempted_at, status_code, error, duration_ms, response_excerpt)
         SELECT u.* FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::int[], $6::timestamptz[], $7::int[], $8::text[], $9::int[], $10::text[])
             AS u(id, delivery_id, tenant_id, cycle, attempt, attempted_at, status_code, error, duration_ms, response_excerpt)
          WHERE EXISTS (SELECT 1 FROM "webhooks"."delivery" d WHERE d.id = u.delivery_id)`,
        [
          batch.map(() => randomUUID()),
          batch.map((o) => o.d.id),
          batch.map((o) => o.d.tenant_id),
          batch.map((o) => o.d.cycle),
          batch.map((o) => o.d.attempts),
          batch.map((o) => o.attemptedAt),
          batch.map((o) => o.result.statusCode),
          batch.map((o) => o.result.error),
          batch.map((o) => o.result.durationMs),
          batch.map((o) => o.result.responseExcerpt),
        ],
      );
      const updated = rowsOf(
        await m.query(
          `UPDATE "webhooks"."delivery" d
              SET status = u.status,
                  next_attempt_at = CASE WHEN u.delay_ms IS NULL THEN NULL ELSE now() + make_interval(secs => u.delay_ms / 1000.0) END,
                  claim_token = NULL, last_status_code = u.status_code, last_error = u.error,
                  delivered_at = CASE WHEN u.status = 'delivered' THEN now() ELSE d.delivered_at END, updated_at = now()
             FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::int[], $6::text[])
               AS u(id, claim_token, status, delay_ms, status_code, error)
            WHERE d.id = u.id AND d.claim_token = u.claim_token
           RETURNING d.id`,
          [
            batch.map((o) => o.d.id),
            batch.map((o) => o.d.claim_token),
            batch.map((o) => o.status),
            batch.map((o) => o.delayMs),
            batch.map((o) => o.result.statusCode),
            batch.map((o) => o.result.error),
          ],
        ),
      ) as { id: string }[];
      // A replay or a deletion got there first: its outcome is logged but moves nothing.
      const held = new Set(updated.map((r) => r.id));
      const tallies = tally(batch.filter((o) => held.has(o.d.id)));
      if (!tallies.length) return [];
      return this.applyToEndpoints(m, tallies);
    });
    for (const o of batch) {
      const log = {
        deliveryId: o.d.id,
        endpointId: o.d.endpoint_id,
        cycle: o.d.cycle,
        attempt: o.d.attempts,
        statusCode: o.result.statusCode,
        ms: o.result.durationMs,
      };
      if (o.result.ok) this.logger.debug(log, 'webhook delivered');
      else this.logger.warn({ ...log, error: o.result.error, status: o.status, retryInMs: o.delayMs }, 'webhook attempt failed');
    }
    for (const e of disabled) {
      endpointsDisabled.inc();
      this.logger.warn({ endpointId: e.endpointId, reason: e.reason }, 'webhook endpoint disabled');
    }
  }

  private async applyToEndpoints(m: EntityManager, tallies: EndpointTally[]): Promise<{ endpointId: string; reason: string }[]> {
    const rows = rowsOf(
      await m.query(
        `UPDATE "webhooks"."endpoint" e
            SET consecutive_failures = CASE WHEN u.reset THEN u.failures ELSE e.consecutive_failures + u.failures END,
                consecutive_dead = CASE WHEN u.reset THEN u.dead ELSE e.consecutive_dead + u.dead END,
                failing_since = CASE WHEN u.reset THEN u.first_failure_at ELSE COALESCE(e.failing_since, u.first_failure_at) END,
                last_success_at = COALESCE(u.last_success_at, e.last_success_at),
                paused_until = CASE WHEN u.pause_until IS NULL THEN e.paused_until ELSE GREATEST(e.paused_until, u.pause_until) END,
                updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::boolean[], $4::int[], $5::int[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[])
             AS u(id, tenant_id, reset, failures, dead, first_failure_at, last_success_at, pause_until)
          WHERE e.id = u.id AND e.tenant_id = u.tenant_id
         RETURNING e.id, e.tenant_id, e.url, e.enabled, e.consecutive_dead, e.failing_since`,
        [
          tallies.map((t) => t.endpointId),
          tallies.map((t) => t.tenantId),
          tallies.map((t) => t.reset),
          tallies.map((t) => t.failures),
          tallies.map((t) => t.dead),
          tallies.map((t) => t.firstFailureAt),
          tallies.map((t) => t.lastSuccessAt),
          tallies.map((t) => t.pauseUntil),
        ],
      ),
    ) as { id: string; tenant_id: string; url: string; enabled: boolean; consecutive_dead: number; failing_since: Date | null }[];
    const byId = new Map(tallies.map((t) => [t.endpointId, t]));
    const now = new Date();
    const disabled: { endpointId: string; reason: string }[] = [];
    for (const e of rows) {
      if (!e.enabled) continue;
      const t = byId.get(e.id);
      const reason =
        t?.gone && !t.reset
          ? 'the endpoint answered 410 Gone'
          : disableReason(
              { consecutiveDead: e.consecutive_dead, failingSince: e.failing_since },
              { afterDead: this.settings.disableAfterDead, afterMs: this.settings.disableAfterMs },
              now,
            );
      if (!reason) continue;
      const off = rowsOf(
        await m.query(
          `UPDATE "webhooks"."endpoint" SET enabled = false, disabled_at = now(), disabled_reason = $3, updated_at = now()
            WHERE id = $1 AND tenant_id = $2 AND enabled RETURNING disabled_at`,
          [e.id, e.tenant_id, reason],
        ),
      ) as { disabled_at: Date }[];
      if (!off[0]) continue;
      await this.outbox.enqueue<WebhookEndpointDisabledV1>(m, {
        topic: Topics.webhookEndpointDisabled,
        tenantId: e.tenant_id,
        key: eventKey(e.tenant_id, e.id),
        subject: e.id,
        data: { tenantId: e.tenant_id, endpointId: e.id, url: e.url, reason, disabledAt: new Date(off[0].disabled_at).toISOString() },
      });
      disabled.push({ endpointId: e.id, reason });
    }
    return disabled;
  }
}

/** Folds a batch's outcomes per endpoint, in attempt order: what the endpoint's counters become. */
function tally(outcomes: Outcome[]): EndpointTally[] {
  const byEndpoint = new Map<string, EndpointTally>();
  const ordered = [...outcomes].sort((a, b) => a.attemptedAt.getTime() - b.attemptedAt.getTime());
  for (const o of ordered) {
    let t = byEndpoint.get(o.d.endpoint_id);
    if (!t) {
      t = {
        endpointId: o.d.endpoint_id,
        tenantId: o.d.tenant_id,
        reset: false,
        lastSuccessAt: null,
        failures: 0,
        dead: 0,
        firstFailureAt: null,
        gone: false,
        pauseUntil: null,
      };
      byEndpoint.set(o.d.endpoint_id, t);
    }
    if (o.result.ok) {
      Object.assign(t, { reset: true, lastSuccessAt: o.attemptedAt, failures: 0, dead: 0, firstFailureAt: null, gone: false });
      continue;
    }
    t.failures++;
    if (o.status === DeliveryStatus.Dead) t.dead++;
    t.firstFailureAt ??= o.attemptedAt;
    if (o.result.statusCode === 410) t.gone = true;
    if (o.pauseMs !== null) {
      const until = new Date(o.attemptedAt.getTime() + o.pauseMs);
      if (!t.pauseUntil || until > t.pauseUntil) t.pauseUntil = until;
    }
  }
  return [...byEndpoint.values()];
}
