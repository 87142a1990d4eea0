import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PricingErrors } from '@looma-hub/contracts';
import { DomainError, type FieldError } from '@looma-hub/domain';
import { invalidRequest } from '@looma-hub/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { normalizeCode } from '../domain/normalize';
import type { RedemptionStatus } from './coupon-ledger.entity';
import type {
  CouponActivities,
  CouponLimits,
  CouponOrderInput,
  CouponRedemptionView,
  CouponReservation,
  CouponStanding,
  CouponUsage,
  ReleaseCouponInput,
  ReserveCouponInput,
} from './coupon-ledger.types';
import { CustomerKeys } from './customer-key';

export const COUPON_LEDGER_OPTIONS = Symbol('COUPON_LEDGER_OPTIONS');
export interface CouponLedgerOptions {
  secretsKey: string;
  reservationTtlMs: number;
  sweepMs: number;
}

const COUNTER = `"pricing"."coupon_counter"`;
const REDEMPTION = `"pricing"."coupon_redemption"`;
const COLUMNS = `id, rule_id, code, order_id, status, reserved_at, expires_at, confirmed_at, released_at, reason`;
const MAX_TTL_MS = 86_400_000;

interface RedemptionRow {
  id: string;
  rule_id: string;
  code: string;
  order_id: string;
  status: RedemptionStatus;
  reserved_at: Date;
  expires_at: Date;
  confirmed_at: Date | null;
  released_at: Date | null;
  reason: string | null;
}
interface CounterRow {
  rule_id: string;
  used: number;
  reserved: number;
}
type Coupon = { tenantId: string; ruleId: string };

function view(r: RedemptionRow): CouponRedemptionView {
  return {
    reservationId: r.id,
    ruleId: r.rule_id,
    code: r.code,
    orderId: r.order_id,
    status: r.status,
    reservedAt: r.reserved_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    confirmedAt: r.confirmed_at?.toISOString() ?? null,
    releasedAt: r.released_at?.toISOString() ?? null,
    reason: r.reason,
  };
}

const holds = (r: RedemptionRow) => r.status === 'reserved' || r.status === 'confirmed';

/**
 * The usage of coupons: total and per-customer limits, exact under any concurrency, in one process or many. Every
 * change of a coupon's usage locks its counter row first (several coupons in rule-id order, so two orders never
 * deadlock) and writes the redemption and the counter in that transaction; reading the counts under the lock is what
 * makes "10 uses left" give exactly 10 reservations. A reservation past its time is expired by whoever next holds
 * the lock (so a hot coupon frees its slots at once) and by the sweeper for the rest.
 */
@Injectable()
export class CouponLedger {
  private readonly logger = new Logger(CouponLedger.name);
  private readonly customers: CustomerKeys;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COUPON_LEDGER_OPTIONS) private readonly options: CouponLedgerOptions,
  ) {
    this.customers = new CustomerKeys(options.secretsKey);
  }

  /**
   * Holds one use of the coupon for the order, or says why not (`coupon.exhausted`, `coupon.customer-limit`,
   * `coupon.customer-required`). Idempotent per (tenant, coupon, order): a retry gets the same reservation; an order
   * whose use was released or expired may reserve again.
   */
  async reserve(input: ReserveCouponInput): Promise<CouponReservation> {
    const { code, customerKey, usageLimit, perCustomerLimit, ttlMs } = this.checkReserve(input);
    const { tenantId, ruleId, orderId } = input;
    return this.dataSource.transaction(async (m) => {
      // Upsert and lock in one statement: the counter row is created by the first use of the coupon.
      const [locked] = (await m.query(
        `INSERT INTO ${COUNTER} AS c (tenant_id, rule_id) VALUES ($1, $2)
         ON CONFLICT (tenant_id, rule_id) DO UPDATE SET updated_at = now()
         RETURNING c.rule_id, c.used, c.reserved`,
        [tenantId, ruleId],
      )) as CounterRow[];
      const counter = (await this.expireHeld(m, [{ tenantId, ruleId }], null))[0] ?? locked;
      if (!counter) throw new Error('coupon counter upsert returned no row');

      const [existing] = (await m.query(`SELECT ${COLUMNS} FROM ${REDEMPTION} WHERE tenant_id = $1 AND rule_id = $2 AND order_id = $3`, [
        tenantId,
        ruleId,
        orderId,
      ])) as RedemptionRow[];
      if (existing && holds(existing)) return this.reservation(existing);

      if (usageLimit !== null && counter.used + counter.reserved >= usageLimit) {
        throw new DomainError(PricingErrors.CouponExhausted, `coupon ${code} has no uses left (limit ${usageLimit})`, {
          details: { ruleId, code, usageLimit },
        });
      }
      if (perCustomerLimit !== null) {
        const [mine] = (await m.query(
          `SELECT count(*)::int AS n FROM ${REDEMPTION}
            WHERE tenant_id = $1 AND rule_id = $2 AND customer_key = $3 AND status IN ('reserved', 'confirmed')`,
          [tenantId, ruleId, customerKey],
        )) as { n: number }[];
        if ((mine?.n ?? 0) >= perCustomerLimit) {
          throw new DomainError(
            PricingErrors.CouponCustomerLimit,
            `coupon ${code} was used ${perCustomerLimit}× by this customer already`,
            {
              details: { ruleId, code, perCustomerLimit },
            },
          );
        }
      }

      const [row] = (await m.query(
        `INSERT INTO ${REDEMPTION} AS r (id, tenant_id, rule_id, code, order_id, customer_key, status, reserved_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'reserved', now(), now() + make_interval(secs => $7::double precision / 1000))
         ON CONFLICT (tenant_id, rule_id, order_id) DO UPDATE SET
           id = EXCLUDED.id, code = EXCLUDED.code, customer_key = EXCLUDED.customer_key, status = 'reserved',
           reserved_at = EXCLUDED.reserved_at, expires_at = EXCLUDED.expires_at, confirmed_at = NULL, released_at = NULL, reason = NULL
         WHERE r.status IN ('released', 'expired')
         RETURNING ${COLUMNS}`,
        [randomUUID(), tenantId, ruleId, code, orderId, customerKey, ttlMs],
      )) as RedemptionRow[];
      // The counter lock serialises every writer of this coupon's redemptions, so the row cannot be held meanwhile.
      if (!row) throw new Error(`coupon redemption of order ${orderId} changed under the counter lock`);
      await m.query(`UPDATE ${COUNTER} SET reserved = reserved + 1, updated_at = now() WHERE tenant_id = $1 AND rule_id = $2`, [
        tenantId,
        ruleId,
      ]);
      return this.reservation(row);
    });
  }

  /**
   * The sale completed: the order's reserved uses become used. Idempotent; all or nothing: a use that expired or was
   * released first fails the call with `coupon.reservation-expired` (and nothing is confirmed).
   */
  async confirm(input: CouponOrderInput): Promise<{ redemptions: CouponRedemptionView[] }> {
    this.checkOrder(input);
    type Outcome = { kind: 'none' } | { kind: 'gone'; gone: RedemptionRow[] } | { kind: 'ok'; redemptions: CouponRedemptionView[] };
    const outcome = await this.dataSource.transaction(async (m): Promise<Outcome> => {
      const rows = await this.lockOrder(m, input, true);
      if (!rows.length) return { kind: 'none' };
      const gone = rows.filter((r) => !holds(r));
      if (gone.length) return { kind: 'gone', gone };
      const toConfirm = rows.filter((r) => r.status === 'reserved');
      if (toConfirm.length) {
        await m.query(`UPDATE ${REDEMPTION} SET status = 'confirmed', confirmed_at = now() WHERE id = ANY($1::uuid[])`, [
          toConfirm.map((r) => r.id),
        ]);
        await m.query(
          `UPDATE ${COUNTER} SET reserved = reserved - 1, used = used + 1, updated_at = now() WHERE tenant_id = $1 AND rule_id = ANY($2::text[])`,
          [input.tenantId, toConfirm.map((r) => r.rule_id)],
        );
      }
      return { kind: 'ok', redemptions: await this.ofOrder(m, input) };
    });
    if (outcome.kind === 'none') {
      throw new DomainError(PricingErrors.CouponReservationNotFound, `order ${input.orderId} holds no coupon reservation`, {
        details: { orderId: input.orderId, ruleId: input.ruleId ?? null },
      });
    }
    if (outcome.kind === 'gone') {
      const what = outcome.gone.map((r) => `${r.rule_id} (${r.status})`).join(', ');
      throw new DomainError(PricingErrors.CouponReservationExpired, `order ${input.orderId}: coupon use no longer held: ${what}`, {
        details: { orderId: input.orderId, rules: outcome.gone.map((r) => ({ ruleId: r.rule_id, status: r.status })) },
      });
    }
    return { redemptions: outcome.redemptions };
  }

  /**
   * The order was cancelled or failed: its uses are given back — a reserved one stops holding, a confirmed one (a
   * cancelled completed sale) is no longer used. Idempotent; an order with no coupon is a no-op.
   */
  async release(input: ReleaseCouponInput): Promise<{ redemptions: CouponRedemptionView[] }> {
    this.checkOrder(input);
    if (typeof input.reason !== 'string' || !input.reason.trim() || input.reason.length > 200) {
      throw invalidRequest([{ field: 'reason', message: 'must be 1-200 characters' }]);
    }
    return this.dataSource.transaction(async (m) => {
      const rows = await this.lockOrder(m, input, false);
      const reserved = rows.filter((r) => r.status === 'reserved').map((r) => r.rule_id);
      const confirmed = rows.filter((r) => r.status === 'confirmed').map((r) => r.rule_id);
      if (reserved.length || confirmed.length) {
        await m.query(
          `UPDATE ${REDEMPTION} SET status = 'released', released_at = now(), reason = $4
            WHERE tenant_id = $1 AND order_id = $2 AND rule_id = ANY($3::text[]) AND status IN ('reserved', 'confirmed')`,
          [input.tenantId, input.orderId, [...reserved, ...confirmed], input.reason.trim()],
        );
        await m.query(
          `UPDATE ${COUNTER} SET reserved = reserved - (rule_id = ANY($2::text[]))::int, used = used - (rule_id = ANY($3::text[]))::int,
                  updated_at = now()
            WHERE tenant_id = $1 AND rule_id = ANY($2::text[] || $3::text[])`,
          [input.tenantId, reserved, confirmed],
        );
      }
      return { redemptions: rows.length ? await this.ofOrder(m, input) : [] };
    });
  }

  /**
   * Expires the reservations past their time (`now`, the database clock by default), coupon by coupon, a batch of
   * coupons per transaction. A coupon whose counter another transaction holds is skipped: that one expires its own.
   */
  async expireDue(now: Date | null = null, batch = 50): Promise<number> {
    let total = 0;
    for (;;) {
      const { coupons, expired } = await this.dataSource.transaction(async (m) => {
        const locked = (await m.query(
          `SELECT c.tenant_id AS "tenantId", c.rule_id AS "ruleId" FROM ${COUNTER} c
            WHERE (c.tenant_id, c.rule_id) IN (
              SELECT DISTINCT tenant_id, rule_id FROM ${REDEMPTION} WHERE status = 'reserved' AND expires_at <= coalesce($1::timestamptz, now()))
            ORDER BY c.tenant_id, c.rule_id LIMIT $2 FOR UPDATE OF c SKIP LOCKED`,
          [now, batch],
        )) as Coupon[];
        const counted = locked.length ? await this.expireHeld(m, locked, now) : [];
        return { coupons: locked.length, expired: counted.reduce((n, c) => n + c.expired, 0) };
      });
      total += expired;
      if (coupons < batch) break;
    }
    if (total) this.logger.log({ expired: total }, 'coupon reservations expired');
    return total;
  }

  /** What each coupon would answer for this customer now (read-only, one query): the quote engine's view. */
  async standing(input: {
    tenantId: string;
    coupons: CouponLimits[];
    customerDocument?: string | null;
  }): Promise<Map<string, CouponStanding>> {
    const customerKey = input.customerDocument ? this.customers.of(input.tenantId, input.customerDocument) : null;
    const counts = await this.counts(
      input.tenantId,
      input.coupons.map((c) => c.ruleId),
      customerKey,
    );
    const out = new Map<string, CouponStanding>();
    for (const c of input.coupons) {
      const n = counts.get(c.ruleId) ?? { used: 0, reserved: 0, mine: 0 };
      out.set(
        c.ruleId,
        c.perCustomerLimit !== null && !customerKey
          ? 'customer-required'
          : c.usageLimit !== null && n.used + n.reserved >= c.usageLimit
            ? 'exhausted'
            : c.perCustomerLimit !== null && n.mine >= c.perCustomerLimit
              ? 'customer-limit'
              : 'ok',
      );
    }
    return out;
  }

  /** A coupon's uses (reservations past their time no longer count), and what is left of `usageLimit` if given. */
  async usage(tenantId: string, ruleId: string, usageLimit: number | null = null): Promise<CouponUsage> {
    const n = (await this.counts(tenantId, [ruleId], null)).get(ruleId) ?? { used: 0, reserved: 0 };
    return { used: n.used, reserved: n.reserved, remaining: usageLimit === null ? null : Math.max(0, usageLimit - n.used - n.reserved) };
  }

  /** The order's coupon uses as they stand. */
  async redemptionsOf(input: CouponOrderInput): Promise<CouponRedemptionView[]> {
    return this.ofOrder(this.dataSource.manager, input);
  }

  /** Everything the ledger holds of a tenant, gone (tenant deletion). Idempotent. */
  async purgeTenant(tenantId: string): Promise<{ redemptions: number; coupons: number }> {
    return this.dataSource.transaction(async (m) => {
      const [, redemptions] = (await m.query(`DELETE FROM ${REDEMPTION} WHERE tenant_id = $1`, [tenantId])) as [unknown, number];
      const [, coupons] = (await m.query(`DELETE FROM ${COUNTER} WHERE tenant_id = $1`, [tenantId])) as [unknown, number];
      return { redemptions, coupons };
    });
  }

  asActivities(): CouponActivities {
    return {
      reserveCoupon: this.reserve.bind(this),
      confirmCoupon: this.confirm.bind(this),
      releaseCoupon: this.release.bind(this),
    };
  }

  /**
   * Locks the counters of the order's coupons (rule-id order), expires what is past its time when `expire`, and
   * returns the order's redemptions — stable from here: every writer of them holds these locks.
   */
  private async lockOrder(m: EntityManager, input: CouponOrderInput, expire: boolean): Promise<RedemptionRow[]> {
    const rules = (
      (await m.query(
        `SELECT DISTINCT rule_id FROM ${REDEMPTION} WHERE tenant_id = $1 AND order_id = $2 AND ($3::text IS NULL OR rule_id = $3) ORDER BY rule_id`,
        [input.tenantId, input.orderId, input.ruleId ?? null],
      )) as { rule_id: string }[]
    ).map((r) => r.rule_id);
    if (!rules.length) return [];
    await m.query(`SELECT 1 FROM ${COUNTER} WHERE tenant_id = $1 AND rule_id = ANY($2::text[]) ORDER BY rule_id FOR UPDATE`, [
      input.tenantId,
      rules,
    ]);
    if (expire) {
      await this.expireHeld(
        m,
        rules.map((ruleId) => ({ tenantId: input.tenantId, ruleId })),
        null,
      );
    }
    return (await m.query(
      `SELECT ${COLUMNS} FROM ${REDEMPTION} WHERE tenant_id = $1 AND order_id = $2 AND rule_id = ANY($3::text[]) ORDER BY rule_id`,
      [input.tenantId, input.orderId, rules],
    )) as RedemptionRow[];
  }

  private async ofOrder(m: EntityManager, input: CouponOrderInput): Promise<CouponRedemptionView[]> {
    const rows = (await m.query(
      `SELECT ${COLUMNS} FROM ${REDEMPTION} WHERE tenant_id = $1 AND order_id = $2 AND ($3::text IS NULL OR rule_id = $3) ORDER BY rule_id`,
      [input.tenantId, input.orderId, input.ruleId ?? null],
    )) as RedemptionRow[];
    return rows.map(view);
  }

  /**
   * Expires the reservations of these coupons past `now` (null: the database clock) and gives their slots back.
   * The caller holds the coupons' counter locks. Returns the counters it changed.
   */
  private async expireHeld(m: EntityManager, coupons: Coupon[], now: Date | null): Promise<(CounterRow & { expired: number })[]> {
    // An UPDATE answers [rows, count] through TypeORM.
    const [rows] = (await m.query(
      `WITH due AS (
         UPDATE ${REDEMPTION} r SET status = 'expired', released_at = now(), reason = 'expired'
          WHERE (r.tenant_id, r.rule_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
            AND r.status = 'reserved' AND r.expires_at <= coalesce($3::timestamptz, now())
          RETURNING r.tenant_id, r.rule_id
       ), n AS (SELECT tenant_id, rule_id, count(*)::int AS expired FROM due GROUP BY tenant_id, rule_id)
       UPDATE ${COUNTER} c SET reserved = c.reserved - n.expired, updated_at = now()
         FROM n WHERE c.tenant_id = n.tenant_id AND c.rule_id = n.rule_id
       RETURNING c.rule_id, c.used, c.reserved, n.expired`,
      [coupons.map((c) => c.tenantId), coupons.map((c) => c.ruleId), now],
    )) as [(CounterRow & { expired: number })[], number];
    return rows;
  }

  /** Uses of each coupon, reservations past their time left out, and the customer's own (when a key is given). */
  private async counts(
    tenantId: string,
    ruleIds: string[],
    customerKey: string | null,
  ): Promise<Map<string, { used: number; reserved: number; mine: number }>> {
    if (!ruleIds.length) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT q.rule_id, coalesce(c.used, 0) AS used, coalesce(h.reserved, 0) AS reserved, coalesce(h.mine, 0) AS mine
         FROM unnest($2::text[]) AS q(rule_id)
         LEFT JOIN ${COUNTER} c ON c.tenant_id = $1 AND c.rule_id = q.rule_id
         LEFT JOIN LATERAL (
           SELECT count(*) FILTER (WHERE r.status = 'reserved')::int AS reserved,
                  count(*) FILTER (WHERE r.customer_key = $3)::int AS mine
             FROM ${REDEMPTION} r
            WHERE r.tenant_id = $1 AND r.rule_id = q.rule_id
              AND (r.status = 'confirmed' OR (r.status = 'reserved' AND r.expires_at > now()))
         ) h ON true`,
      [tenantId, ruleIds, customerKey],
    )) as { rule_id: string; used: number; reserved: number; mine: number }[];
    return new Map(rows.map((r) => [r.rule_id, { used: r.used, reserved: r.reserved, mine: r.mine }]));
  }

  private reservation(r: RedemptionRow): CouponReservation {
    return {
      status: r.status === 'confirmed' ? 'confirmed' : 'reserved',
      reservationId: r.id,
      ruleId: r.rule_id,
      orderId: r.order_id,
      expiresAt: r.expires_at.toISOString(),
    };
  }

  private checkReserve(input: ReserveCouponInput) {
    const fields: FieldError[] = [];
    const text = (field: string, v: unknown, max: number) => {
      if (typeof v !== 'string' || !v.trim() || v.length > max) fields.push({ field, message: `must be 1-${max} characters` });
    };
    text('ruleId', input.ruleId, 100);
    text('orderId', input.orderId, 100);
    text('code', input.code, 60);
    const limit = (field: string, v: number | null | undefined) => {
      if (v === undefined || v === null) return null;
      if (!Number.isSafeInteger(v) || v < 1) fields.push({ field, message: 'must be a positive integer or null' });
      return v;
    };
    const usageLimit = limit('usageLimit', input.usageLimit);
    const perCustomerLimit = limit('perCustomerLimit', input.perCustomerLimit);
    const ttlMs = input.ttlMs ?? this.options.reservationTtlMs;
    if (!Number.isSafeInteger(ttlMs) || ttlMs < 1 || ttlMs > MAX_TTL_MS)
      fields.push({ field: 'ttlMs', message: `must be 1-${MAX_TTL_MS}` });
    if (fields.length) throw invalidRequest(fields);
    const document = input.customerDocument?.trim() || null;
    if (perCustomerLimit !== null && !document) {
      throw new DomainError(PricingErrors.CouponCustomerRequired, `coupon ${input.code} is limited per customer: give the CPF or CNPJ`, {
        field: 'customerDocument',
      });
    }
    return {
      code: normalizeCode(input.code),
      customerKey: document ? this.customers.of(input.tenantId, document) : null,
      usageLimit,
      perCustomerLimit,
      ttlMs,
    };
  }

  private checkOrder(input: CouponOrderInput): void {
    if (typeof input.orderId !== 'string' || !input.orderId.trim() || input.orderId.length > 100) {
      throw invalidRequest([{ field: 'orderId', message: 'must be 1-100 characters' }]);
    }
  }
}
