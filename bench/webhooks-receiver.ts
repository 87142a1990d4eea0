/**
 * The webhook receiver of `bench/webhooks.bench.ts`, a process of its own so its CPU is counted apart from the bench's
 * and the hub's. A plain `node:http` server on 127.0.0.1 (`HTTP_PORT`), keep-alive.
 *
 *   POST /e/<id>           a delivery: the body is read, its Standard Webhooks signature verified with the public
 *                          `standardwebhooks` package (every request), then `200 ok` — or nothing at all while <id> is
 *                          told to hang (the hub's timeout closes the socket). Counted per <id>: arrivals, signature
 *                          failures, repeated webhook-ids; sampled: arrival time and the body's `timestamp` (event time).
 *   PUT  /_endpoints       `{ "<id>": "whsec_…", … }`: the secrets to verify with (added to those already known).
 *   POST /_hang            `{ "id": "<id>", "hang": true|false }`; false also drops the requests held so far.
 *   GET  /_stats           per <id>: arrivals, signatureFailures, duplicates, held; with `from` and `to` (epoch ms) also
 *                          `arrivalsInWindow` (arrived in [from, to)) and `eventsInWindow` (event time in [from, to));
 *                          with `samples=1` the latencies (ms, arrival − event time) of those events.
 *   POST /_reset           forgets every counter and sample (the secrets stay).
 *   GET  /health/ready     200.
 */
import http from 'node:http';
import { Webhook } from 'standardwebhooks';

interface EndpointStats {
  arrivals: number;
  signatureFailures: number;
  duplicates: number;
  lastSignatureError: string | null;
  /** Parallel arrays, one entry per arrival with a readable event time. */
  arrivedAt: number[];
  eventAt: number[];
  /** Arrivals without a readable `timestamp` in the body. */
  unreadableTimestamp: number;
  ids: Set<string>;
}

const verifiers = new Map<string, Webhook>();
const hanging = new Set<string>();
const held = new Map<string, Set<http.ServerResponse>>();
let stats = new Map<string, EndpointStats>();

function statsOf(id: string): EndpointStats {
  let s = stats.get(id);
  if (!s) {
    s = {
      arrivals: 0,
      signatureFailures: 0,
      duplicates: 0,
      lastSignatureError: null,
      arrivedAt: [],
      eventAt: [],
      unreadableTimestamp: 0,
      ids: new Set(),
    };
    stats.set(id, s);
  }
  return s;
}

const TS_FIELD = '"timestamp":"';

/** The standard body is `{"type":…,"timestamp":"<ISO>","data":…}`: the field is found without parsing the whole body. */
function eventTime(body: string): number {
  const at = body.indexOf(TS_FIELD);
  if (at >= 0) {
    const end = body.indexOf('"', at + TS_FIELD.length);
    const t = Date.parse(body.slice(at + TS_FIELD.length, end));
    if (!Number.isNaN(t)) return t;
  }
  try {
    const parsed = JSON.parse(body) as { timestamp?: unknown; time?: unknown };
    const t = Date.parse(String(parsed.timestamp ?? parsed.time));
    return Number.isNaN(t) ? NaN : t;
  } catch {
    return NaN;
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function delivery(id: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const body = await readBody(req);
  const arrived = Date.now();
  const s = statsOf(id);
  s.arrivals++;
  const webhookId = req.headers['webhook-id'];
  if (typeof webhookId === 'string') {
    if (s.ids.has(webhookId)) s.duplicates++;
    else s.ids.add(webhookId);
  }
  const verifier = verifiers.get(id);
  if (!verifier) {
    s.signatureFailures++;
    s.lastSignatureError = 'no secret known for this endpoint';
  } else {
    try {
      verifier.verify(body, req.headers as Record<string, string>, { jsonParse: false });
    } catch (err) {
      s.signatureFailures++;
      s.lastSignatureError = err instanceof Error ? err.message : String(err);
    }
  }
  const t = eventTime(body);
  if (Number.isNaN(t)) s.unreadableTimestamp++;
  else {
    s.arrivedAt.push(arrived);
    s.eventAt.push(t);
  }
  if (hanging.has(id)) {
    let set = held.get(id);
    if (!set) held.set(id, (set = new Set()));
    set.add(res);
    res.on('close', () => set.delete(res));
    return;
  }
  send(res, 200, 'ok');
}

function statsView(url: URL): Record<string, unknown> {
  const from = Number(url.searchParams.get('from') ?? NaN);
  const to = Number(url.searchParams.get('to') ?? NaN);
  const windowed = Number.isFinite(from) && Number.isFinite(to);
  const withSamples = url.searchParams.get('samples') === '1';
  const endpoints: Record<string, unknown> = {};
  for (const [id, s] of stats) {
    const view: Record<string, unknown> = {
      arrivals: s.arrivals,
      signatureFailures: s.signatureFailures,
      lastSignatureError: s.lastSignatureError,
      duplicates: s.duplicates,
      unreadableTimestamp: s.unreadableTimestamp,
      held: held.get(id)?.size ?? 0,
    };
    if (windowed) {
      let arrivalsInWindow = 0;
      let eventsInWindow = 0;
      const latencies: number[] = [];
      for (let i = 0; i < s.arrivedAt.length; i++) {
        const a = s.arrivedAt[i] as number;
        const e = s.eventAt[i] as number;
        if (a >= from && a < to) arrivalsInWindow++;
        if (e >= from && e < to) {
          eventsInWindow++;
          if (withSamples) latencies.push(a - e);
        }
      }
      Object.assign(view, { arrivalsInWindow, eventsInWindow }, withSamples ? { latencies } : {});
    }
    endpoints[id] = view;
  }
  return { endpoints };
}

async function control(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const route = `${req.method ?? ''} ${url.pathname}`;
  switch (route) {
    case 'GET /health/ready':
    case 'GET /health/live':
      return send(res, 200, 'ok');
    case 'GET /_stats':
      return send(res, 200, statsView(url));
    case 'POST /_reset':
      stats = new Map();
      return send(res, 200, { reset: true });
    case 'PUT /_endpoints': {
      const secrets = JSON.parse(await readBody(req)) as Record<string, string>;
      for (const [id, secret] of Object.entries(secrets)) verifiers.set(id, new Webhook(secret));
      return send(res, 200, { endpoints: verifiers.size });
    }
    case 'POST /_hang': {
      const { id, hang } = JSON.parse(await readBody(req)) as { id: string; hang: boolean };
      let dropped = 0;
      if (hang) hanging.add(id);
      else {
        hanging.delete(id);
        for (const r of held.get(id) ?? []) {
          r.destroy();
          dropped++;
        }
        held.delete(id);
      }
      return send(res, 200, { id, hang, dropped });
    }
    default:
      return send(res, 404, { error: `no route ${route}` });
  }
}

const server = http.createServer((req, res) => {
  const path = req.url ?? '/';
  const handle =
    req.method === 'POST' && path.startsWith('/e/')
      ? delivery(decodeURIComponent(path.slice(3).split('?')[0] ?? ''), req, res)
      : control(req, res, new URL(path, 'http://receiver'));
  handle.catch((err: unknown) => {
    if (!res.headersSent) send(res, 500, { error: err instanceof Error ? err.message : String(err) });
  });
});
// Longer than any idle gap of the hub's keep-alive agent: the receiver never closes a socket the hub is about to reuse.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 125_000;
// A held request stays until the hub gives up on it.
server.requestTimeout = 0;

const port = Number(process.env.HTTP_PORT ?? 0);
server.listen(port, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`webhooks receiver listening on 127.0.0.1:${typeof addr === 'object' && addr ? addr.port : port}\n`);
});

const shutdown = () => {
  for (const set of held.values()) for (const r of set) r.destroy();
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
