import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from './domain/target-address';

export interface SendRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Default `application/json`. */
  contentType?: string;
  timeoutMs: number;
  allowPrivateTargets: boolean;
}

export interface SendResult {
  /** The HTTP status, when the endpoint answered at all. */
  statusCode: number | null;
  ok: boolean;
  /** Why it failed: transport error, timeout, or the status with the start of the answer. */
  error: string | null;
  durationMs: number;
  /** The first bytes of the answer's body (any status), whitespace folded; null without an answer. */
  responseExcerpt: string | null;
  /** The answer's `Retry-After` header, when it had one. */
  retryAfter: string | null;
}

/** How much of an answer the delivery log keeps. */
export const RESPONSE_EXCERPT_BYTES = 300;
// Sockets are bounded by the dispatcher's own concurrency (global and per endpoint), not per origin: several endpoints
// on one host must not queue behind each other in the agent.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 }),
};

class BlockedTargetError extends Error {}

/** DNS lookup that refuses private addresses, checked on the address actually connected to (no rebinding). */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const list = Array.isArray(addresses) ? addresses : [];
    const blocked = list.find((a) => isPrivateAddress(a.address));
    if (blocked) return callback(new BlockedTargetError(`${hostname} resolves to a private address (${blocked.address})`), '', 0);
    if (options.all) return callback(null, list);
    const first = list[0];
    if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
    callback(null, first.address, first.family);
  });
};

/**
 * POSTs one webhook. Never throws: every outcome (2xx, other status, refused target, timeout, network error)
 * comes back as a result to record. Redirects are not followed (a 3xx is a failure), and the whole exchange
 * — connect, send, answer — is bounded by `timeoutMs`.
 */
export function sendWebhook(req: SendRequest): Promise<SendResult> {
  const started = process.hrtime.bigint();
  const elapsed = () => Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined = undefined;
    const done = (r: Omit<SendResult, 'durationMs' | 'responseExcerpt' | 'retryAfter'> & Partial<SendResult>) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolve({ responseExcerpt: null, retryAfter: null, ...r, durationMs: elapsed() });
    };
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return done({ statusCode: null, ok: false, error: 'invalid endpoint URL' });
    }
    const agent = url.protocol === 'https:' ? agents['https:'] : url.protocol === 'http:' ? agents['http:'] : undefined;
    if (!agent) return done({ statusCode: null, ok: false, error: `unsupported protocol ${url.protocol}` });
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!req.allowPrivateTargets && isIP(host) && isPrivateAddress(host)) {
      return done({ statusCode: null, ok: false, error: `target ${host} is a private address` });
    }
    const body = Buffer.from(req.body, 'utf8');
    let request: http.ClientRequest;
    try {
      request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        agent,
        ...(req.allowPrivateTargets ? {} : { lookup: guardedLookup }),
        headers: {
          ...req.headers,
          'content-type': req.contentType ?? 'application/json',
          'content-length': String(body.length),
          'user-agent': 'looma-hub-webhooks/1',
        },
      });
    } catch (err) {
      // e.g. a header value Node refuses: a failed attempt, not a crash.
      return done({ statusCode: null, ok: false, error: (err as Error).message });
    }
    timer = setTimeout(() => {
      request.destroy(new Error(`timed out after ${req.timeoutMs} ms`));
    }, req.timeoutMs);
    request.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const ok = status >= 200 && status < 300;
      const retryAfter = typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : null;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < RESPONSE_EXCERPT_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => {
        const snippet = Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_EXCERPT_BYTES).replace(/\s+/g, ' ').trim();
        const responseExcerpt = snippet || null;
        if (ok) return done({ statusCode: status, ok, error: null, responseExcerpt, retryAfter });
        done({ statusCode: status, ok, error: `HTTP ${status}${snippet ? `: ${snippet}` : ''}`, responseExcerpt, retryAfter });
      });
      res.on('error', (err) => done({ statusCode: status, ok: false, error: err.message, retryAfter }));
      res.on('close', () => done({ statusCode: status, ok: false, error: 'connection closed before the answer ended', retryAfter }));
    });
    request.on('error', (err: NodeJS.ErrnoException) =>
      done({ statusCode: null, ok: false, error: err.message || err.code || String(err) }),
    );
    request.end(body);
  });
}
