/**
 * `npm run bench -- webhooks`: outbound webhook delivery, Kafka → webhooks service → a local receiver.
 *
 * The webhooks service (`services/webhooks/src/main.ts`) runs as a real child process on a database of its own, with
 * the production request timeout (15 s) and the default concurrency (128 attempts in flight, 8 per endpoint). The
 * receiver (`bench/webhooks-receiver.ts`) is another process: it verifies every request's Standard Webhooks signature
 * with the public `standardwebhooks` package and records arrival time − the body's `timestamp` (the event's time).
 * Order status events (CloudEvents 1.0, shaped like the orders service's outbox writes them, `time` set when produced)
 * go to the real topic `hub.orders.order-status-changed.v1`, acks=all, from an open loop (every 10 ms the events due);
 * each event is one delivery per endpoint of the tenant (10 endpoints, `order.*`). Each phase has a fresh tenant (in
 * development mode, so loopback endpoints are allowed) and fresh endpoints, so no backlog of an earlier phase mixes in.
 *
 *   0. Kafka's own produce/consume rate in the same run (`benchKafka`, messages of the event's size).
 *   1. Below saturation: --rate deliveries/s (default 500 = 50 events/s) for --seconds (30): delivered/s, event →
 *      delivered p50/p95/p99/max.
 *   2. Saturation: --sat-rate (3,000/s) for --sat-seconds (60): deliveries/s arriving at the receiver during the window
 *      (and as a share of the Kafka consume rate), then the backlog drains (bounded by --drain-seconds, 120) and the
 *      tenant is deleted with whatever is left.
 *   3. One of the ten endpoints hangs (the receiver never answers it; the hub's 15 s timeout closes the socket), the
 *      phase-1 rate: the healthy nine's delivered/s as % of theirs in phase 1, their p99, the hanging one's attempts.
 *
 * Options: --rate (500) --seconds (30) --sat-rate (3000) --sat-seconds (60) --drain-seconds (120) --endpoints (10)
 *          --concurrency (service default 128) --endpoint-concurrency (service default 8) --kafka-messages (100000)
 *          --kafka-message-bytes (the event's size)
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { type CloudEvent, eventKey, type OrderStatusChangedV1, Topics } from '@looma-hub/contracts';
import { createTestDatabase, freePort, type ServiceProcess, startProcess, type TestDatabase } from '@looma-hub/testing';
import { type Admin, Kafka, logLevel, type Message, Partitioners, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { benchKafka } from './infra/kafka';
import { cpuBreakdown, cpuByGroup, enginePid, startCpuMeter } from './lib/cpu';
import { formatNumber, table } from './lib/format';
import { intOption } from './lib/options';
import { latencySummary, type LatencySummary, secondsSince, withTimeout } from './lib/timing';
import { type Benchmark, type BenchContext, type BenchOutcome, type CpuUse, type Figure } from './lib/types';

const TOPIC = Topics.orderStatusChanged;
const INTERNAL_TOKEN = 'bench-internal-token-0123456789abcdef';
/** The production value (the service's default): a timing-out endpoint holds its slots this long. */
const WEBHOOK_TIMEOUT = '15s';
const TICK_MS = 10;
/** Produce requests in flight at once; a tick whose requests are all still out adds its events to the next one. */
const MAX_SENDS_IN_FLIGHT = 32;
const TARGET_SUSTAINED = 1_000;
const TARGET_P99_MS = 250;
const TARGET_HEALTHY_SHARE = 90;

interface ReceiverEndpoint {
  arrivals: number;
  signatureFailures: number;
  lastSignatureError: string | null;
  duplicates: number;
  unreadableTimestamp: number;
  held: number;
  arrivalsInWindow?: number;
  eventsInWindow?: number;
  latencies?: number[];
}

interface Produced {
  t0: number;
  t1: number;
  seconds: number;
  acked: number;
  errors: number;
  lastError: string | null;
  /** Events acknowledged per second over the window: the offered rate, in events. */
  eventsPerSec: number;
}

interface PhaseCpu {
  meter: CpuUse;
  /** % of one core per group over the production window. */
  groups: { group: string; percent: number }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);
const fmt = (n: number) => formatNumber(n);

/** An order status change as the orders service's outbox writes it; `time` is now (= the event is committed). */
function orderEvent(tenantId: string, orderId: string, i: number): CloudEvent<OrderStatusChangedV1> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: 'looma-hub/orders',
    type: TOPIC,
    subject: orderId,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    tenantid: tenantId,
    data: {
      orderId,
      externalId: `chat-${i}`,
      status: 'REGISTERED',
      previousStatus: 'RECEIVED',
      loomaStatus: 'processing',
      omniChatStatus: 'ORDER_GATEWAY_PROVISIONED',
      retailerSaleId: `SALE-${100_000 + i}`,
      totalCents: 2_499 + (i % 1_000),
      occurredAt: new Date().toISOString(),
    },
  };
}

function kafkaMessage(tenantId: string, i: number): Message {
  const orderId = randomUUID();
  return { key: eventKey(tenantId, orderId), value: JSON.stringify(orderEvent(tenantId, orderId, i)), headers: { 'ce-type': TOPIC } };
}

async function call<T>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<{ status: number; body: T; text: string }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed as T, text };
}

export const benchmark: Benchmark = {
  name: 'webhooks',
  description:
    'outbound webhooks: deliveries/s to a local receiver at saturation (vs the Kafka consume rate), event → delivered latency below it, one of ten endpoints timing out',
  async run(ctx: BenchContext): Promise<BenchOutcome> {
    const o = ctx.options;
    const endpointsPerTenant = intOption(o, 'endpoints', 10, 50);
    const rate = intOption(o, 'rate', 500, 20_000);
    const seconds = intOption(o, 'seconds', 30, 600);
    const satRate = intOption(o, 'sat-rate', 3_000, 50_000);
    const satSeconds = intOption(o, 'sat-seconds', 60, 600);
    const drainSeconds = intOption(o, 'drain-seconds', 120, 1_800);
    const dispatchConcurrency = o.has('concurrency') ? intOption(o, 'concurrency', 128, 1_000) : undefined;
    const endpointConcurrency = o.has('endpoint-concurrency') ? intOption(o, 'endpoint-concurrency', 8, 100) : undefined;
    const eventBytes = Buffer.byteLength(kafkaMessage(`bench-${ctx.runId}-1`, 123_456).value as string);
    const kafkaSettings = {
      messages: intOption(o, 'kafka-messages', 100_000, 2_000_000),
      messageBytes: intOption(o, 'kafka-message-bytes', eventBytes, 1_000_000),
      batchSize: 500,
      inFlightBatches: 4,
      partitions: 3,
      timeoutSeconds: 180,
    };
    const brokers = (ctx.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',').filter(Boolean);
    const groupId = `bench-webhooks-${ctx.runId}`;
    const notes: string[] = [];
    const figures: Figure[] = [];

    // 0. Kafka's own limit, measured first, alone.
    ctx.log(`phase 0: Kafka produce/consume, ${kafkaSettings.messages.toLocaleString('en')} × ${kafkaSettings.messageBytes} B`);
    const kafkaResult = await benchKafka(ctx, kafkaSettings);
    const kafkaConsume = kafkaResult.figures.find((f) => f.key === 'kafka.consume.msgsPerSec')?.value ?? NaN;
    const kafkaProduce = kafkaResult.figures.find((f) => f.key === 'kafka.produce.msgsPerSec')?.value ?? NaN;
    ctx.log(`Kafka: produce ${fmt(kafkaProduce)} msg/s, consume ${fmt(kafkaConsume)} msg/s`);
    figures.push(...kafkaResult.figures.map((f) => ({ ...f, label: `${f.label} — same run` })));

    let db: TestDatabase | undefined;
    let hub: ServiceProcess | undefined;
    let receiver: ServiceProcess | undefined;
    let producer: Producer | undefined;
    let admin: Admin | undefined;
    let pg: Client | undefined;
    const tenants: string[] = [];
    const hanging: string[] = [];
    const kafka = new Kafka({ clientId: `looma-bench-webhooks-${ctx.runId}`, brokers, logLevel: logLevel.ERROR });
    try {
      db = await createTestDatabase('benchwh', ctx.env.DATABASE_URL ?? 'postgres://looma:looma@127.0.0.1:55432/looma');
      const receiverPort = await freePort();
      const hubPort = await freePort();
      receiver = await startProcess({
        name: 'webhooks-receiver',
        entry: 'bench/webhooks-receiver.ts',
        port: receiverPort,
        readyPath: '/health/ready',
        env: { LOG_LEVEL: 'warn' },
        timeoutMs: 60_000,
      });
      const hubEnv: Record<string, string> = {
        DATABASE_URL: db.url,
        KAFKA_BROKERS: brokers.join(','),
        INTERNAL_API_TOKEN: INTERNAL_TOKEN,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'development',
        WEBHOOK_CONSUMER_GROUP: groupId,
        WEBHOOK_CONSUMER_FROM_BEGINNING: 'false',
        WEBHOOK_TIMEOUT,
        ...(dispatchConcurrency ? { WEBHOOK_DISPATCH_CONCURRENCY: String(dispatchConcurrency) } : {}),
        ...(endpointConcurrency ? { WEBHOOK_ENDPOINT_CONCURRENCY: String(endpointConcurrency) } : {}),
      };
      const startHub = (extra: Record<string, string> = {}) =>
        startProcess({
          name: 'webhooks',
          entry: 'services/webhooks/src/main.ts',
          port: hubPort,
          env: { ...hubEnv, ...extra },
          timeoutMs: 180_000,
        });
      ctx.log(`starting the webhooks service (database ${new URL(db.url).pathname.slice(1)}) and the receiver`);
      hub = await startHub();
      const hubUrl = hub.url;
      // Deleting a tenant with a large backlog removes every delivery and attempt row in one transaction: given longer.
      const internal = <T>(method: string, path: string, body?: unknown) =>
        call<T>(hubUrl, method, path, body, { 'x-internal-token': INTERNAL_TOKEN }, method === 'DELETE' ? 300_000 : 30_000);
      const deleteTenant = async (tenantId: string) => {
        const t0 = Date.now();
        const r = await internal('DELETE', `/internal/tenants/${tenantId}`);
        if (r.status !== 204) throw new Error(`DELETE tenant ${tenantId}: ${r.status} ${r.text.slice(0, 300)}`);
        return (Date.now() - t0) / 1000;
      };
      const rx = <T>(method: string, path: string, body?: unknown) => call<T>(receiver?.url ?? '', method, path, body);

      // Development mode lets a tenant's endpoints be on loopback; without the route the operator's override does.
      let privateTargetsBy = 'tenant development mode (PUT /internal/tenants/:t/settings)';
      const probe = await internal('PUT', `/internal/tenants/bench-${ctx.runId}-probe/settings`, { developmentMode: true });
      if (probe.status === 404) {
        ctx.log('PUT settings answered 404: restarting the service with WEBHOOK_ALLOW_PRIVATE_TARGETS=true');
        await hub.stop();
        hub = await startHub({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
        privateTargetsBy = 'WEBHOOK_ALLOW_PRIVATE_TARGETS=true (the settings route answered 404)';
        notes.push('The tenant settings route answered 404: loopback endpoints were allowed by WEBHOOK_ALLOW_PRIVATE_TARGETS=true.');
      } else if (probe.status !== 200) {
        throw new Error(`PUT settings: ${probe.status} ${probe.text.slice(0, 300)}`);
      }

      pg = new Client({ connectionString: db.url });
      await pg.connect();
      admin = kafka.admin();
      await admin.connect();
      producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      const prod = producer;
      const adm = admin;
      const pgc = pg;

      const groupOf = new Map<number, string>([
        [hub.child.pid ?? -1, 'webhooks'],
        [receiver.child.pid ?? -1, 'receiver'],
      ]);
      const classify = (pid: number, comm: string): string | undefined =>
        pid === process.pid ? 'bench' : (groupOf.get(pid) ?? (comm === 'postgres' ? 'postgres' : comm === 'java' ? 'kafka' : undefined));
      const kafkaPid = enginePid('kafka');

      /** Events on the topic the service's group has not consumed yet (a partition it never committed counts 0). */
      const kafkaLag = async (): Promise<number> => {
        const [high, committed] = await Promise.all([adm.fetchTopicOffsets(TOPIC), adm.fetchOffsets({ groupId, topics: [TOPIC] })]);
        const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
        return sum(high.map((h) => ((done.get(h.partition) ?? -1) < 0 ? 0 : Math.max(0, Number(h.high) - (done.get(h.partition) ?? 0)))));
      };
      const deliveryStates = async (tenantId: string): Promise<Record<string, number>> => {
        const { rows } = await pgc.query<{ status: string; n: string }>(
          `SELECT status, count(*) AS n FROM "webhooks"."delivery" WHERE tenant_id = $1 GROUP BY status`,
          [tenantId],
        );
        return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
      };
      const stats = async (window?: { from: number; to: number }, samples = false) => {
        const q = window ? `?from=${window.from}&to=${window.to}${samples ? '&samples=1' : ''}` : '';
        const r = await rx<{ endpoints: Record<string, ReceiverEndpoint> }>('GET', `/_stats${q}`);
        if (r.status !== 200) throw new Error(`receiver /_stats: ${r.status} ${r.text.slice(0, 200)}`);
        return r.body.endpoints;
      };
      const total = (s: Record<string, ReceiverEndpoint>, ids: string[], field: keyof ReceiverEndpoint) =>
        sum(ids.map((id) => Number(s[id]?.[field] ?? 0)));

      /** A fresh tenant in development mode with `endpointsPerTenant` endpoints on the receiver, their secrets given to it. */
      const setUpTenant = async (phase: string): Promise<{ tenantId: string; ids: string[] }> => {
        const tenantId = `bench-${ctx.runId}-${phase}`;
        tenants.push(tenantId);
        const s = await internal('PUT', `/internal/tenants/${tenantId}/settings`, { developmentMode: true });
        if (s.status !== 200 && s.status !== 404) throw new Error(`PUT settings: ${s.status} ${s.text.slice(0, 300)}`);
        const ids = Array.from({ length: endpointsPerTenant }, (_, n) => `${phase}-${n + 1}`);
        const secrets: Record<string, string> = {};
        for (const id of ids) {
          const r = await internal<{ id: string; secret?: string }>('POST', `/internal/tenants/${tenantId}/endpoints`, {
            url: `http://127.0.0.1:${receiverPort}/e/${id}`,
            events: ['order.*'],
            description: `bench ${id}`,
          });
          if (r.status !== 201 || !r.body.secret) throw new Error(`endpoint creation: ${r.status} ${r.text.slice(0, 300)}`);
          secrets[id] = r.body.secret;
        }
        const put = await rx('PUT', '/_endpoints', secrets);
        if (put.status !== 200) throw new Error(`receiver /_endpoints: ${put.status} ${put.text}`);
        return { tenantId, ids };
      };

      /**
       * A new consumer group starting at the end of the topic misses what is produced before it has its offsets: warm-up
       * events (one a second) until one reached every endpoint, then until the group has consumed everything.
       */
      const warmUp = async (tenantId: string, ids: string[]) => {
        const t0 = Date.now();
        await withTimeout(
          `warm-up of ${tenantId}`,
          180,
          (async () => {
            for (let i = 0; ; i++) {
              await prod.send({ topic: TOPIC, acks: -1, messages: [kafkaMessage(tenantId, -1 - i)] });
              for (let k = 0; k < 10; k++) {
                await sleep(100);
                const s = await stats();
                if (ids.every((id) => (s[id]?.arrivals ?? 0) > 0)) return;
              }
            }
          })(),
        );
        await withTimeout(
          'the service consuming the topic to its end',
          120,
          (async () => {
            while ((await kafkaLag()) > 0) await sleep(250);
          })(),
        );
        ctx.log(`${tenantId}: warm-up delivered to ${ids.length} endpoints in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      };

      /** Open loop: every TICK_MS the events due at `eventsPerSec`, each with `time` = when it is sent. */
      const produce = async (tenantId: string, ids: string[], eventsPerSec: number, forSeconds: number): Promise<Produced> => {
        const due = Math.round(eventsPerSec * forSeconds);
        let sent = 0;
        let acked = 0;
        let errors = 0;
        let lastError: string | null = null;
        let inFlight = 0;
        const sends = new Set<Promise<void>>();
        let nextLog = 10;
        const t0 = Date.now();
        const start = process.hrtime.bigint();
        for (;;) {
          const elapsed = secondsSince(start);
          if (elapsed >= forSeconds) break;
          const n = Math.min(due, Math.floor(elapsed * eventsPerSec)) - sent;
          if (n > 0 && inFlight < MAX_SENDS_IN_FLIGHT) {
            const messages = Array.from({ length: n }, () => kafkaMessage(tenantId, sent++));
            inFlight++;
            const p: Promise<void> = prod
              .send({ topic: TOPIC, acks: -1, messages })
              .then(
                () => void (acked += n),
                (err: unknown) => {
                  errors += n;
                  lastError = err instanceof Error ? err.message : String(err);
                },
              )
              .finally(() => {
                inFlight--;
                sends.delete(p);
              });
            sends.add(p);
          }
          if (elapsed >= nextLog) {
            nextLog += 10;
            void stats().then(
              (s) =>
                ctx.log(
                  `  ${Math.round(elapsed)} s: ${sent.toLocaleString('en')} events sent, ${acked.toLocaleString('en')} acked; ` +
                    `${total(s, ids, 'arrivals').toLocaleString('en')} deliveries received`,
                ),
              () => undefined,
            );
          }
          await sleep(TICK_MS);
        }
        const t1 = Date.now();
        await withTimeout('the last produce acks', 60, Promise.all([...sends]));
        const secs = (t1 - t0) / 1000;
        if (errors) ctx.log(`  ${errors} events failed to produce: ${lastError}`);
        return { t0, t1, seconds: secs, acked, errors, lastError, eventsPerSec: acked / secs };
      };

      const cpuWindow = () => {
        const before = cpuByGroup(classify);
        const meter = startCpuMeter(kafkaPid);
        const wall0 = Date.now();
        return (): PhaseCpu => {
          const use = meter.stop();
          const wall = (Date.now() - wall0) / 1000;
          const groups = cpuBreakdown(before, cpuByGroup(classify)).map((g) => ({
            group: g.group,
            percent: Math.round((g.seconds / wall) * 100),
          }));
          // What the machine did besides: other engineers' builds, the Temporal dev server, short-lived backends.
          const other = Math.max(0, use.machineBusyPercent * os.availableParallelism() - sum(groups.map((g) => g.percent)));
          return { meter: use, groups: [...groups, { group: 'other', percent: Math.round(other) }] };
        };
      };
      const cpuText = (c: PhaseCpu) =>
        `${c.groups.map((g) => `${g.group} ${g.percent}%`).join(', ')} (of one core); machine ${c.meter.machineBusyPercent}% busy`;

      /** Until every delivery of the window's events reached `ids` (or nothing came for 15 s, or `boundSeconds`). */
      const waitDelivered = async (ids: string[], p: Produced, expected: number, boundSeconds: number) => {
        const deadline = Date.now() + boundSeconds * 1000;
        let last = -1;
        let lastChange = Date.now();
        for (;;) {
          const got = total(await stats({ from: p.t0, to: p.t1 + 1 }), ids, 'eventsInWindow');
          if (got >= expected) return { complete: true, got };
          if (got !== last) {
            last = got;
            lastChange = Date.now();
          }
          if (Date.now() > deadline || Date.now() - lastChange > 15_000) return { complete: false, got };
          await sleep(500);
        }
      };

      const windowLatency = async (ids: string[], p: Produced): Promise<LatencySummary & { n: number }> => {
        const s = await stats({ from: p.t0, to: p.t1 + 1 }, true);
        const samples = ids.flatMap((id) => s[id]?.latencies ?? []);
        return { ...latencySummary(samples), n: samples.length };
      };

      // 1. Below saturation, healthy.
      const p1 = await setUpTenant('p1');
      await warmUp(p1.tenantId, p1.ids);
      ctx.log(`phase 1: ${rate} deliveries/s (${rate / endpointsPerTenant} events/s × ${endpointsPerTenant} endpoints) for ${seconds} s`);
      const cpu1 = cpuWindow();
      const prod1 = await withTimeout('phase 1 production', seconds + 90, produce(p1.tenantId, p1.ids, rate / endpointsPerTenant, seconds));
      const c1 = cpu1();
      const wait1 = await waitDelivered(p1.ids, prod1, prod1.acked * endpointsPerTenant, 60);
      const s1 = await stats({ from: prod1.t0, to: prod1.t1 });
      const delivered1 = total(s1, p1.ids, 'arrivalsInWindow') / prod1.seconds;
      const lat1 = await windowLatency(p1.ids, prod1);
      const sig1 = total(s1, p1.ids, 'signatureFailures');
      const dup1 = total(s1, p1.ids, 'duplicates');
      ctx.log(
        `phase 1: offered ${fmt(prod1.eventsPerSec * endpointsPerTenant)}/s, delivered ${fmt(delivered1)}/s, p50 ${lat1.p50} ms, p99 ${lat1.p99} ms, max ${lat1.max} ms; ` +
          `${wait1.got}/${prod1.acked * endpointsPerTenant} delivered; ${cpuText(c1)}`,
      );
      await deleteTenant(p1.tenantId);

      // 2. Saturation, healthy.
      const p2 = await setUpTenant('p2');
      await warmUp(p2.tenantId, p2.ids);
      ctx.log(`phase 2: ${satRate} deliveries/s offered (${satRate / endpointsPerTenant} events/s) for ${satSeconds} s`);
      const cpu2 = cpuWindow();
      const prod2 = await withTimeout(
        'phase 2 production',
        satSeconds + 90,
        produce(p2.tenantId, p2.ids, satRate / endpointsPerTenant, satSeconds),
      );
      const c2 = cpu2();
      const [lagAtEnd2, states2] = await Promise.all([kafkaLag(), deliveryStates(p2.tenantId)]);
      const mid2 = prod2.t0 + (prod2.t1 - prod2.t0) / 2;
      const [s2, s2a, s2b] = await Promise.all([
        stats({ from: prod2.t0, to: prod2.t1 }),
        stats({ from: prod2.t0, to: mid2 }),
        stats({ from: mid2, to: prod2.t1 }),
      ]);
      const sustained = total(s2, p2.ids, 'arrivalsInWindow') / prod2.seconds;
      const firstHalf = total(s2a, p2.ids, 'arrivalsInWindow') / ((mid2 - prod2.t0) / 1000);
      const secondHalf = total(s2b, p2.ids, 'arrivalsInWindow') / ((prod2.t1 - mid2) / 1000);
      const offered2 = prod2.eventsPerSec * endpointsPerTenant;
      const pendingPg2 = (states2.pending ?? 0) + (states2.failed ?? 0);
      const sig2 = total(s2, p2.ids, 'signatureFailures');
      ctx.log(
        `phase 2: offered ${fmt(offered2)}/s, delivered ${fmt(sustained)}/s (halves ${fmt(firstHalf)} / ${fmt(secondHalf)}); ` +
          `at the end ${lagAtEnd2.toLocaleString('en')} events not yet consumed, ${pendingPg2.toLocaleString('en')} deliveries queued in Postgres; ${cpuText(c2)}`,
      );
      // Drain (bounded), then drop the tenant with whatever is left, so phase 3 does not pay for phase 2's backlog.
      ctx.log(`phase 2: draining the backlog (at most ${drainSeconds} s)`);
      const drainStart = Date.now();
      let drained = false;
      let lastArrivals = -1;
      let stillSince = Date.now();
      while (Date.now() - drainStart < drainSeconds * 1000) {
        const [lag, st, s] = await Promise.all([kafkaLag(), deliveryStates(p2.tenantId), stats()]);
        const open = (st.pending ?? 0) + (st.failed ?? 0);
        if (lag === 0 && open === 0) {
          drained = true;
          break;
        }
        const arrivals = total(s, p2.ids, 'arrivals');
        if (arrivals !== lastArrivals) {
          lastArrivals = arrivals;
          stillSince = Date.now();
        } else if (Date.now() - stillSince > 20_000) break;
        await sleep(1_000);
      }
      const drainTook = (Date.now() - drainStart) / 1000;
      const [lagLeft2, statesLeft2] = await Promise.all([kafkaLag(), deliveryStates(p2.tenantId)]);
      const expected2 = prod2.acked * endpointsPerTenant;
      const eventual2 = total(await stats({ from: prod2.t0, to: prod2.t1 + 1 }), p2.ids, 'eventsInWindow');
      ctx.log(
        `phase 2: ${drained ? 'drained' : 'not drained'} in ${drainTook.toFixed(0)} s: ${eventual2.toLocaleString('en')}/${expected2.toLocaleString('en')} delivered; ` +
          `left: ${lagLeft2} events in Kafka, ${JSON.stringify(statesLeft2)}`,
      );
      const deleteTook2 = await deleteTenant(p2.tenantId);
      ctx.log(`phase 2: tenant and its leftover deliveries deleted in ${deleteTook2.toFixed(1)} s`);
      await withTimeout(
        'the service consuming phase 2 to the end of the topic',
        300,
        (async () => {
          while ((await kafkaLag()) > 0) await sleep(500);
        })(),
      );

      // 3. One endpoint of ten hanging, the phase-1 rate.
      const p3 = await setUpTenant('p3');
      const hangId = p3.ids[p3.ids.length - 1] as string;
      const healthy = p3.ids.slice(0, -1);
      await rx('POST', '/_hang', { id: hangId, hang: true });
      hanging.push(hangId);
      await warmUp(p3.tenantId, p3.ids);
      const hangBefore = (await stats())[hangId] ?? ({ arrivals: 0 } as ReceiverEndpoint);
      ctx.log(`phase 3: ${rate} deliveries/s for ${seconds} s, endpoint ${hangId} never answering (hub timeout ${WEBHOOK_TIMEOUT})`);
      const cpu3 = cpuWindow();
      const prod3 = await withTimeout('phase 3 production', seconds + 90, produce(p3.tenantId, p3.ids, rate / endpointsPerTenant, seconds));
      const c3 = cpu3();
      const wait3 = await waitDelivered(healthy, prod3, prod3.acked * healthy.length, 60);
      const s3 = await stats({ from: prod3.t0, to: prod3.t1 });
      const healthyRate = total(s3, healthy, 'arrivalsInWindow') / prod3.seconds;
      const perEndpoint1 = delivered1 / endpointsPerTenant;
      const perEndpoint3 = healthyRate / healthy.length;
      const healthyShare = (perEndpoint3 / perEndpoint1) * 100;
      const lat3 = await windowLatency(healthy, prod3);
      const hang = s3[hangId] ?? ({ arrivals: 0, duplicates: 0, held: 0 } as ReceiverEndpoint);
      const hangAttempts = hang.arrivals - hangBefore.arrivals;
      const hangStates = await pgc.query<{ status: string; n: string }>(
        `SELECT d.status, count(*) AS n FROM "webhooks"."delivery" d JOIN "webhooks"."endpoint" e ON e.id = d.endpoint_id
          WHERE d.tenant_id = $1 AND e.url LIKE $2 GROUP BY d.status`,
        [p3.tenantId, `%/e/${hangId}`],
      );
      const hangQueued = Object.fromEntries(hangStates.rows.map((r) => [r.status, Number(r.n)]));
      const sig3 = total(s3, healthy, 'signatureFailures');
      ctx.log(
        `phase 3: healthy ${healthy.length}: ${fmt(healthyRate)}/s (${fmt(healthyShare)}% of their phase-1 rate), p99 ${lat3.p99} ms; ` +
          `${hangId}: ${hangAttempts} attempts, ${hang.held} held now, deliveries ${JSON.stringify(hangQueued)}; ${cpuText(c3)}`,
      );

      // Figures.
      const sustainedRatio = (sustained / kafkaConsume) * 100;
      const saturated = sustained < 0.95 * offered2;
      const bottleneck =
        lagAtEnd2 > pendingPg2 / endpointsPerTenant
          ? `the consumer (events → deliveries): ${lagAtEnd2.toLocaleString('en')} events still in Kafka vs ${pendingPg2.toLocaleString('en')} deliveries queued in Postgres at the end of the window`
          : `the dispatcher (sending): ${pendingPg2.toLocaleString('en')} deliveries queued in Postgres vs ${lagAtEnd2.toLocaleString('en')} events still in Kafka at the end of the window`;
      figures.push(
        {
          key: 'webhooks.belowSat.deliveriesPerSec',
          label: `Delivered/s at ${rate}/s offered (healthy)`,
          value: round(delivered1),
          unit: 'deliveries/s',
          detail: `offered ${fmt(prod1.eventsPerSec * endpointsPerTenant)}/s (${fmt(prod1.eventsPerSec)} events/s × ${endpointsPerTenant}) for ${prod1.seconds.toFixed(1)} s; ${wait1.got.toLocaleString('en')}/${(prod1.acked * endpointsPerTenant).toLocaleString('en')} delivered; ${sig1} signature failures, ${dup1} repeats`,
          cpu: c1.meter,
        },
        {
          key: 'webhooks.belowSat.p50Ms',
          label: `Event → delivered p50 at ${rate}/s`,
          value: lat1.p50,
          unit: 'ms',
          detail: `${lat1.n.toLocaleString('en')} deliveries; p95 ${lat1.p95} ms`,
        },
        {
          key: 'webhooks.belowSat.p99Ms',
          label: `Event → delivered p99 at ${rate}/s`,
          value: lat1.p99,
          unit: 'ms',
          detail: `max ${lat1.max} ms; target ≤ ${TARGET_P99_MS} ms: ${lat1.p99 <= TARGET_P99_MS ? 'met' : 'NOT met'}`,
        },
        {
          key: 'webhooks.sustained.deliveriesPerSec',
          label: `Sustained delivered/s, ${satSeconds} s at ${satRate}/s offered`,
          value: round(sustained),
          unit: 'deliveries/s',
          detail: `offered ${fmt(offered2)}/s; halves ${fmt(firstHalf)} / ${fmt(secondHalf)}/s; ${saturated ? 'saturated' : 'NOT saturated (raise --sat-rate)'}; ${sig2} signature failures; target ≥ ${TARGET_SUSTAINED.toLocaleString('en')}/s: ${sustained >= TARGET_SUSTAINED ? 'met' : 'NOT met'}`,
          cpu: c2.meter,
        },
        {
          key: 'webhooks.sustained.ratioToKafkaConsume',
          label: 'Sustained delivered/s ÷ Kafka consume msg/s',
          value: round(sustainedRatio, 2),
          unit: '%',
          detail: `${fmt(sustained)} ÷ ${fmt(kafkaConsume)} msg/s (same run); in events: ${fmt(sustained / endpointsPerTenant)} events/s = ${fmt(sustainedRatio / endpointsPerTenant)}%`,
        },
        {
          key: 'webhooks.sustained.drainSeconds',
          label: 'Backlog drain after the saturation window',
          value: round(drainTook),
          unit: 's',
          detail: `${drained ? 'drained' : `not drained within the bound (${drainSeconds} s)`}: ${eventual2.toLocaleString('en')}/${expected2.toLocaleString('en')} delivered; backlog at the window's end ${lagAtEnd2.toLocaleString('en')} events in Kafka, ${pendingPg2.toLocaleString('en')} deliveries queued; the tenant with what was left deleted in ${deleteTook2.toFixed(1)} s`,
        },
        {
          key: 'webhooks.oneTimingOut.healthyDeliveriesPerSec',
          label: `Healthy ${healthy.length} delivered/s, 1 of ${endpointsPerTenant} timing out`,
          value: round(healthyRate),
          unit: 'deliveries/s',
          detail: `offered ${fmt(prod3.eventsPerSec * healthy.length)}/s to them; ${wait3.got.toLocaleString('en')}/${(prod3.acked * healthy.length).toLocaleString('en')} delivered; ${sig3} signature failures`,
          cpu: c3.meter,
        },
        {
          key: 'webhooks.oneTimingOut.healthyRatePercent',
          label: 'Healthy endpoints: rate vs phase 1',
          value: round(healthyShare),
          unit: '%',
          detail: `${fmt(perEndpoint3)} vs ${fmt(perEndpoint1)} deliveries/s per endpoint; target ≥ ${TARGET_HEALTHY_SHARE}%: ${healthyShare >= TARGET_HEALTHY_SHARE ? 'met' : 'NOT met'}`,
        },
        {
          key: 'webhooks.oneTimingOut.healthyP99Ms',
          label: 'Healthy endpoints: event → delivered p99',
          value: lat3.p99,
          unit: 'ms',
          detail: `p50 ${lat3.p50} ms, p95 ${lat3.p95} ms, max ${lat3.max} ms (${lat3.n.toLocaleString('en')} deliveries); phase 1 p99 ${lat1.p99} ms`,
        },
        {
          key: 'webhooks.oneTimingOut.hangingAttempts',
          label: 'Attempts the hanging endpoint got',
          value: hangAttempts,
          unit: 'attempts',
          detail: `over ${prod3.seconds.toFixed(0)} s + the wait; ${hang.duplicates} repeated webhook-ids (retries) overall; its deliveries: ${JSON.stringify(hangQueued)}`,
        },
      );

      console.log(
        `\n${table(
          ['figure', 'value', 'target', 'limit (same run)', 'ratio'],
          [
            [
              'sustained deliveries/s (saturation)',
              fmt(sustained),
              `≥ ${TARGET_SUSTAINED.toLocaleString('en')}/s`,
              `Kafka consume ${fmt(kafkaConsume)} msg/s`,
              `${fmt(sustainedRatio)}%`,
            ],
            [`p99 event → delivered at ${rate}/s, ms`, String(lat1.p99), `≤ ${TARGET_P99_MS}`, '', ''],
            [
              `healthy ${healthy.length} with one timing out, per endpoint /s`,
              fmt(perEndpoint3),
              `≥ ${TARGET_HEALTHY_SHARE}% of phase 1`,
              `phase 1 ${fmt(perEndpoint1)}/s`,
              `${fmt(healthyShare)}%`,
            ],
            [`healthy p99 with one timing out, ms`, String(lat3.p99), '', `phase 1 ${lat1.p99} ms`, ''],
          ],
          [1],
        )}`,
      );

      notes.push(
        `Targets: sustained ≥ ${TARGET_SUSTAINED.toLocaleString('en')} deliveries/s — ${sustained >= TARGET_SUSTAINED ? 'met' : 'NOT met'} (${fmt(sustained)}/s, ${fmt(sustainedRatio)}% of the Kafka consume rate); ` +
          `p99 ≤ ${TARGET_P99_MS} ms below saturation — ${lat1.p99 <= TARGET_P99_MS ? 'met' : 'NOT met'} (${lat1.p99} ms at ${rate}/s); ` +
          `healthy nine ≥ ${TARGET_HEALTHY_SHARE}% of their rate with one endpoint timing out — ${healthyShare >= TARGET_HEALTHY_SHARE ? 'met' : 'NOT met'} (${fmt(healthyShare)}%).`,
        saturated
          ? `At saturation the limit was ${bottleneck}.`
          : `Phase 2 delivered ${fmt(sustained)} of ${fmt(offered2)}/s offered: not saturated, the sustained figure is a lower bound (raise --sat-rate).`,
        `CPU over the production windows — phase 1: ${cpuText(c1)}; phase 2: ${cpuText(c2)}; phase 3: ${cpuText(c3)}.`,
        `Latency = receiver arrival time − the body's timestamp (the event's time, set when it was produced, acks=all): it includes the produce round trip, the consumer's batch transaction, the dispatcher's claim and the HTTP exchange.`,
        `Each phase has its own tenant and endpoints; phase 2's backlog was drained (bounded) and its tenant deleted before phase 3. Loopback endpoints allowed by ${privateTargetsBy}.`,
        'The webhooks service, the receiver, Postgres, Kafka and this load generator share the machine’s cores.',
      );
      return {
        figures,
        settings: {
          endpointsPerTenant,
          rateDeliveriesPerSec: rate,
          seconds,
          satRateDeliveriesPerSec: satRate,
          satSeconds,
          drainSeconds,
          eventBytes,
          topic: TOPIC,
          eventFormat:
            'CloudEvents 1.0 JSON, OrderStatusChangedV1 RECEIVED → REGISTERED, one new orderId per event, key <tenant>:<orderId>',
          endpointFormat: 'standard ({type, timestamp, data}), events ["order.*"]',
          producer: `kafkajs, acks=all, open loop every ${TICK_MS} ms, at most ${MAX_SENDS_IN_FLIGHT} produce requests in flight`,
          service: {
            entry: 'services/webhooks/src/main.ts',
            WEBHOOK_TIMEOUT,
            WEBHOOK_DISPATCH_CONCURRENCY: dispatchConcurrency ?? 'default (128)',
            WEBHOOK_ENDPOINT_CONCURRENCY: endpointConcurrency ?? 'default (8)',
            WEBHOOK_CONSUMER_GROUP: groupId,
            WEBHOOK_CONSUMER_FROM_BEGINNING: false,
            DATABASE_POOL_SIZE: 'default',
            LOG_LEVEL: 'warn',
            NODE_ENV: 'development',
            privateTargets: privateTargetsBy,
          },
          receiver: 'bench/webhooks-receiver.ts: node:http, keep-alive, standardwebhooks verification of every request',
          kafka: { ...kafkaSettings, ...kafkaResult.facts },
          offered: {
            phase1DeliveriesPerSec: round(prod1.eventsPerSec * endpointsPerTenant),
            phase2DeliveriesPerSec: round(offered2),
            phase3DeliveriesPerSec: round(prod3.eventsPerSec * endpointsPerTenant),
            produceErrors: prod1.errors + prod2.errors + prod3.errors,
          },
        },
        notes,
      };
    } finally {
      // Held requests first, so the service's shutdown does not wait out its timeout on them.
      for (const id of hanging) await call(receiver?.url ?? '', 'POST', '/_hang', { id, hang: false }).catch(() => undefined);
      if (hub) {
        for (const t of tenants) {
          await call(hub.url, 'DELETE', `/internal/tenants/${t}`, undefined, { 'x-internal-token': INTERNAL_TOKEN }, 300_000).catch(
            () => undefined,
          );
        }
        await hub.stop();
      }
      await receiver?.stop();
      await producer?.disconnect().catch(() => undefined);
      if (admin) {
        await admin.deleteGroups([groupId]).catch(() => undefined);
        await admin.disconnect().catch(() => undefined);
      }
      await pg?.end().catch(() => undefined);
      await db?.drop().catch((err: unknown) => ctx.log(`dropping the bench database failed: ${String(err)}`));
    }
  },
};
