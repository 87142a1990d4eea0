import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { cpfCheckDigits, formatCpf } from '@looma-hub/domain';
import {
  createTestDatabase,
  freePort,
  type ServiceProcess,
  startAll,
  type TestDatabase,
  testEnv,
  uniqueTenantId,
} from '@looma-hub/testing';
import { DataSource } from 'typeorm';
import { CouponLedger } from '../src/coupon/coupon-ledger';
import type { CouponRedemptionView, CouponReservation, ReserveCouponInput } from '../src/coupon/coupon-ledger.types';
import { start } from '../src/main';

jest.setTimeout(180_000);

const TOKEN = 'pricing-coupon-int-test-token';
type Problem = { status: number; code: string; errors?: { field: string; message: string }[] };

// Valid CPFs of this file, different from run to run; every one is looked for in the table and in the logs.
const cpfSeed = 100_000_000 + Math.floor(Math.random() * 800_000_000);
const usedCpfs: string[] = [];
let cpfCount = 0;
function cpf(): string {
  let base: string;
  do base = String(cpfSeed + cpfCount++ * 7919);
  while (/^(\d)\1{8}$/.test(base)); // never issued
  const value = `${base}${cpfCheckDigits(base)}`;
  usedCpfs.push(value);
  return value;
}

/**
 * The coupon usage ledger against the real Postgres (a database of its own), through the service as it starts:
 * limits hold exactly under concurrency — in one process and across two — reservations are idempotent per order,
 * confirm/release/expiry move the counts, and the customer is kept only as a keyed hash.
 */
describe('pricing-rules: coupon usage ledger', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let url: string;
  let ledger: CouponLedger;
  let ds: DataSource;

  const env = (): Record<string, string> => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HTTP_PORT: '0',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '10',
    DATABASE_MIGRATIONS_RUN: 'true',
    KAFKA_BROKERS: testEnv().KAFKA_BROKERS,
    TEMPORAL_ADDRESS: testEnv().TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: testEnv().TEMPORAL_NAMESPACE,
    INTERNAL_API_TOKEN: TOKEN,
    PRICING_CONSUMER_GROUP: `pricing-coupons-${randomUUID().slice(0, 8)}`,
    PRICING_TASK_QUEUE: `pricing-coupons-${randomUUID()}`,
    // The sweeper stays out of the way: expiry is driven by the tests, with their own clock.
    PRICING_COUPON_SWEEP_MS: '3600000',
  });

  beforeAll(async () => {
    db = await createTestDatabase('coupons');
    ({ app, url } = await start(env()));
    ledger = app.get(CouponLedger);
    ds = app.get(DataSource);
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const call = async <T>(method: string, path: string, body?: unknown, base = url): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'x-internal-token': TOKEN, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  /** The code a ledger call failed with, or `ok`. */
  const outcome = (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => 'ok',
      (err: { code?: string }) => err.code ?? String(err),
    );
  const counter = async (tenantId: string, ruleId: string) => {
    const [row] = (await ds.query(`SELECT used, reserved FROM "pricing"."coupon_counter" WHERE tenant_id = $1 AND rule_id = $2`, [
      tenantId,
      ruleId,
    ])) as { used: number; reserved: number }[];
    return row;
  };
  const statuses = async (tenantId: string, ruleId: string) => {
    const rows = (await ds.query(
      `SELECT status, count(*)::int AS n FROM "pricing"."coupon_redemption" WHERE tenant_id = $1 AND rule_id = $2 GROUP BY status`,
      [tenantId, ruleId],
    )) as { status: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  };
  const coupon = (tenantId: string, extra: Partial<ReserveCouponInput> = {}) => ({
    tenantId,
    ruleId: `rule-${randomUUID().slice(0, 8)}`,
    code: 'bém-vindo10',
    orderId: `order-${randomUUID()}`,
    customerDocument: null,
    usageLimit: null,
    perCustomerLimit: null,
    ...extra,
  });

  it('100 concurrent reservations of a coupon with 10 uses left: exactly 10 hold, 90 are told it is exhausted', async () => {
    const tenantId = uniqueTenantId('t-coupon');
    const base = coupon(tenantId, { usageLimit: 12 });
    // Two uses already confirmed: 10 left.
    for (const orderId of ['sold-1', 'sold-2']) {
      await ledger.reserve({ ...base, orderId, customerDocument: cpf() });
      await ledger.confirm({ tenantId, orderId });
    }
    expect(await counter(tenantId, base.ruleId)).toEqual({ used: 2, reserved: 0 });

    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => outcome(ledger.reserve({ ...base, orderId: `order-${i}`, customerDocument: cpf() }))),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(10);
    expect(results.filter((r) => r === 'coupon.exhausted')).toHaveLength(90);
    expect(await counter(tenantId, base.ruleId)).toEqual({ used: 2, reserved: 10 });
    expect(await statuses(tenantId, base.ruleId)).toEqual({ confirmed: 2, reserved: 10 });
    expect(await ledger.usage(tenantId, base.ruleId, 12)).toEqual({ used: 2, reserved: 10, remaining: 0 });
    const [code] = (await ds.query(`SELECT DISTINCT code FROM "pricing"."coupon_redemption" WHERE tenant_id = $1`, [tenantId])) as {
      code: string;
    }[];
    expect(code).toEqual({ code: 'BEM-VINDO10' });
  });

  it('100 concurrent HTTP reservations split between two pricing-rules processes: exactly 10 hold', async () => {
    const tenantId = uniqueTenantId('t-coupon-2p');
    const ruleId = `rule-${randomUUID().slice(0, 8)}`;
    const procs: ServiceProcess[] = await startAll(
      await Promise.all(
        ['a', 'b'].map(async (name) => ({
          name: `pricing-rules (coupons ${name})`,
          entry: 'services/pricing-rules/src/main.ts',
          port: await freePort(),
          env: env(),
        })),
      ),
    );
    try {
      const [a, b] = procs as [ServiceProcess, ServiceProcess];
      const documents = Array.from({ length: 100 }, () => formatCpf(cpf()));
      const results = await Promise.all(
        documents.map((customerDocument, i) =>
          call<{ reservationId?: string; code?: string }>(
            'POST',
            `/internal/tenants/${tenantId}/coupons/reservations`,
            { ruleId, code: 'DEZ', orderId: `order-${i}`, customerDocument, usageLimit: 10, perCustomerLimit: 1 },
            i % 2 ? b.url : a.url,
          ),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(10);
      const refused = results.filter((r) => r.status !== 201);
      expect(refused.map((r) => [r.status, r.body.code])).toEqual(Array.from({ length: 90 }, () => [422, 'coupon.exhausted']));
      expect(new Set(results.filter((r) => r.status === 201).map((r) => r.body.reservationId)).size).toBe(10);
      expect(await counter(tenantId, ruleId)).toEqual({ used: 0, reserved: 10 });
      expect(await statuses(tenantId, ruleId)).toEqual({ reserved: 10 });
      const usage = await call('GET', `/internal/tenants/${tenantId}/coupons/${ruleId}/usage?usageLimit=10`, undefined, b.url);
      expect(usage).toEqual({ status: 200, body: { used: 0, reserved: 10, remaining: 0 } });

      // No CPF reached either process's log, in any punctuation.
      for (const p of procs) {
        const logs = p.logs();
        for (const d of documents) {
          expect(logs).not.toContain(d);
          expect(logs).not.toContain(d.replace(/\D/g, ''));
        }
      }
    } finally {
      await Promise.all(procs.map((p) => p.stop()));
    }
  });

  it('one use per customer: 20 concurrent reservations by the same CPF give exactly 1; another customer still gets one', async () => {
    const tenantId = uniqueTenantId('t-coupon-cpf');
    const base = coupon(tenantId, { perCustomerLimit: 1 });
    const same = cpf();
    const spellings = [same, formatCpf(same), ` ${formatCpf(same).replace(/\./g, ' ')} `];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        outcome(ledger.reserve({ ...base, orderId: `order-${i}`, customerDocument: spellings[i % spellings.length] ?? same })),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'coupon.customer-limit')).toHaveLength(19);
    expect(await counter(tenantId, base.ruleId)).toEqual({ used: 0, reserved: 1 });
    expect(await outcome(ledger.reserve({ ...base, orderId: 'other-customer', customerDocument: cpf() }))).toBe('ok');

    // Without a document the coupon cannot be counted per customer: a 400 naming the field; a bad CPF likewise.
    const none = await call<Problem>('POST', `/internal/tenants/${tenantId}/coupons/reservations`, {
      ruleId: base.ruleId,
      code: base.code,
      orderId: 'no-document',
      perCustomerLimit: 1,
    });
    expect([none.status, none.body.code, none.body.errors?.[0]?.field]).toEqual([400, 'coupon.customer-required', 'customerDocument']);
    const bad = await call<Problem>('POST', `/internal/tenants/${tenantId}/coupons/reservations`, {
      ruleId: base.ruleId,
      code: base.code,
      orderId: 'bad-document',
      customerDocument: '111.111.111-11',
      perCustomerLimit: 1,
    });
    expect([bad.status, bad.body.code, bad.body.errors?.[0]?.field]).toEqual([400, 'document.invalid', 'customerDocument']);
    expect(await counter(tenantId, base.ruleId)).toEqual({ used: 0, reserved: 2 });
  });

  it('keeps the customer as a keyed hash: no CPF in the table, one key per customer whatever the punctuation', async () => {
    const tenantId = uniqueTenantId('t-coupon-pii');
    const base = coupon(tenantId);
    const document = cpf();
    await ledger.reserve({ ...base, orderId: 'o-1', customerDocument: formatCpf(document) });
    await ledger.reserve({ ...base, orderId: 'o-2', customerDocument: document });
    const keys = (await ds.query(`SELECT customer_key FROM "pricing"."coupon_redemption" WHERE tenant_id = $1 ORDER BY order_id`, [
      tenantId,
    ])) as { customer_key: string }[];
    expect(keys).toHaveLength(2);
    expect(keys[0]?.customer_key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keys[1]?.customer_key).toBe(keys[0]?.customer_key);

    // Every row of the table, every CPF this file used (in both spellings): none is there.
    const rows = ((await ds.query(`SELECT row_to_json(r)::text AS row FROM "pricing"."coupon_redemption" r`)) as { row: string }[]).map(
      (r) => r.row,
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const leaks = usedCpfs.flatMap((d) => rows.filter((r) => r.includes(d) || r.includes(formatCpf(d))));
    expect(leaks).toEqual([]);
  });

  it('is idempotent per order: a repeat, or 10 identical requests at once, are one reservation counted once', async () => {
    const tenantId = uniqueTenantId('t-coupon-idem');
    const base = coupon(tenantId, { usageLimit: 5 });
    const first = await ledger.reserve(base);
    expect(first).toEqual({
      status: 'reserved',
      reservationId: expect.any(String),
      ruleId: base.ruleId,
      orderId: base.orderId,
      expiresAt: expect.any(String),
    });
    expect(await ledger.reserve(base)).toEqual(first);

    const racing = coupon(tenantId, { ruleId: base.ruleId, usageLimit: 5 });
    const answers = await Promise.all(Array.from({ length: 10 }, () => ledger.reserve(racing)));
    expect(new Set(answers.map((a) => a.reservationId)).size).toBe(1);
    expect(await counter(tenantId, base.ruleId)).toEqual({ used: 0, reserved: 2 });

    // Over HTTP too: the same reservation, 201 again.
    const again = await call<CouponReservation>('POST', `/internal/tenants/${tenantId}/coupons/reservations`, {
      ruleId: base.ruleId,
      code: base.code,
      orderId: base.orderId,
      usageLimit: 5,
    });
    expect(again).toEqual({ status: 201, body: first });
    expect(await counter(tenantId, base.ruleId)).toEqual({ used: 0, reserved: 2 });
  });

  it('confirm and release move the counts once each; a confirmed use given back frees its slot', async () => {
    const tenantId = uniqueTenantId('t-coupon-flow');
    const base = coupon(tenantId, { usageLimit: 1 });
    const path = `/internal/tenants/${tenantId}/coupons/reservations`;
    const held = await ledger.reserve(base);
    expect(await outcome(ledger.reserve({ ...base, orderId: 'late' }))).toBe('coupon.exhausted');

    const confirmed = await call<{ redemptions: CouponRedemptionView[] }>('POST', `${path}/confirm`, { orderId: base.orderId });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.redemptions).toMatchObject([{ reservationId: held.reservationId, ruleId: base.ruleId, status: 'confirmed' }]);
    expect(await counter(tenantId, base.ruleId)).toEqual({ used: 1, reserved: 0 });
    // Idempotent: confirming again, or reserving again, changes nothing.
    expect((await call('POST', `${path}/confirm`, { orderId: base.orderId, ruleId: base.ruleId })).status).toBe(200);
    expect(await ledger.reserve(base)).toEqual({ ...held, status: 'confirmed' });
    expect(await counter(tenantId, base.ruleId)).toEqual({ used: 1, reserved: 0 });
    expect(await outcome(ledger.reserve({ ...base, orderId: 'late' }))).toBe('coupon.exhausted');

    // The completed sale is cancelled: its use is given back, once.
    const released = await call<{ redemptions: CouponRedemptionView[] }>('POST', `${path}/release`, {
      orderId: base.orderId,
      reason: 'order-cancelled',
    });
    expect(released.body.redemptions).toMatchObject([{ status: 'released', reason: 'order-cancelled' }]);
    await ledger.release({ tenantId, orderId: base.orderId, reason: 'order-cancelled' });
    expect(await counter(tenantId, base.ruleId)).toEqual({ used: 0, reserved: 0 });

    // The slot is free for another order; the released one can no longer be confirmed (409).
    expect(await outcome(ledger.reserve({ ...base, orderId: 'late' }))).toBe('ok');
    const stale = await call<Problem>('POST', `${path}/confirm`, { orderId: base.orderId });
    expect([stale.status, stale.body.code]).toEqual([409, 'coupon.reservation-expired']);
    // A reserved (not confirmed) use released gives its slot back as well.
    await ledger.release({ tenantId, orderId: 'late', reason: 'payment-failed' });
    expect(await counter(tenantId, base.ruleId)).toEqual({ used: 0, reserved: 0 });
    // …and the first order, released, may reserve again: a new reservation.
    const renewed = await ledger.reserve(base);
    expect(renewed.status).toBe('reserved');
    expect(renewed.reservationId).not.toBe(held.reservationId);
    expect(await counter(tenantId, base.ruleId)).toEqual({ used: 0, reserved: 1 });

    // Unknown orders: releasing is a no-op, confirming a 404.
    expect(await ledger.release({ tenantId, orderId: 'never', reason: 'x' })).toEqual({ redemptions: [] });
    const unknown = await call<Problem>('POST', `${path}/confirm`, { orderId: 'never' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'coupon.reservation-not-found']);
    const malformed = await call<Problem>('POST', `${path}/release`, { orderId: 'x' });
    expect([malformed.status, malformed.body.errors?.[0]?.field]).toEqual([400, 'reason']);
  });

  it('expires a reservation never confirmed: the sweep frees its slot, and it can no longer be confirmed', async () => {
    const tenantId = uniqueTenantId('t-coupon-ttl');
    const base = coupon(tenantId, { usageLimit: 1, ttlMs: 60_000 });
    const held = await ledger.reserve(base);
    const expiresAt = new Date(held.expiresAt).getTime();
    expect(await outcome(ledger.reserve({ ...base, orderId: 'next' }))).toBe('coupon.exhausted');

    // Not yet due a second before its time; due a second after (the other tests hold theirs for 30 minutes).
    expect(await ledger.expireDue(new Date(expiresAt - 1_000))).toBe(0);
    expect(await statuses(tenantId, base.ruleId)).toEqual({ reserved: 1 });
    expect(await ledger.expireDue(new Date(expiresAt + 1_000))).toBe(1);
    expect(await statuses(tenantId, base.ruleId)).toEqual({ expired: 1 });
    expect(await counter(tenantId, base.ruleId)).toEqual({ used: 0, reserved: 0 });
    expect(await ledger.expireDue(new Date(expiresAt + 1_000))).toBe(0);

    expect(await outcome(ledger.reserve({ ...base, orderId: 'next' }))).toBe('ok');
    expect(await outcome(ledger.confirm({ tenantId, orderId: base.orderId }))).toBe('coupon.reservation-expired');
    expect(await counter(tenantId, base.ruleId)).toEqual({ used: 0, reserved: 1 });
  });

  it("answers each coupon's standing for a quote in one read, and a tenant's purge leaves nothing", async () => {
    const tenantId = uniqueTenantId('t-coupon-standing');
    const customer = cpf();
    const full = coupon(tenantId, { usageLimit: 1 });
    const once = coupon(tenantId, { perCustomerLimit: 1, customerDocument: customer });
    await ledger.reserve(full);
    await ledger.reserve(once);
    const open = `rule-${randomUUID().slice(0, 8)}`;
    const limits = [
      { ruleId: full.ruleId, usageLimit: 1, perCustomerLimit: null },
      { ruleId: once.ruleId, usageLimit: null, perCustomerLimit: 1 },
      { ruleId: open, usageLimit: 3, perCustomerLimit: 1 },
    ];
    expect(await ledger.standing({ tenantId, coupons: limits, customerDocument: formatCpf(customer) })).toEqual(
      new Map([
        [full.ruleId, 'exhausted'],
        [once.ruleId, 'customer-limit'],
        [open, 'ok'],
      ]),
    );
    expect(await ledger.standing({ tenantId, coupons: limits, customerDocument: cpf() })).toEqual(
      new Map([
        [full.ruleId, 'exhausted'],
        [once.ruleId, 'ok'],
        [open, 'ok'],
      ]),
    );
    expect(await ledger.standing({ tenantId, coupons: limits, customerDocument: null })).toEqual(
      new Map([
        [full.ruleId, 'exhausted'],
        [once.ruleId, 'customer-required'],
        [open, 'customer-required'],
      ]),
    );

    expect(await ledger.purgeTenant(tenantId)).toEqual({ redemptions: 2, coupons: 2 });
    const [left] = (await ds.query(
      `SELECT (SELECT count(*) FROM "pricing"."coupon_redemption" WHERE tenant_id = $1)::int AS r,
              (SELECT count(*) FROM "pricing"."coupon_counter" WHERE tenant_id = $1)::int AS c`,
      [tenantId],
    )) as { r: number; c: number }[];
    expect(left).toEqual({ r: 0, c: 0 });
  });
});
