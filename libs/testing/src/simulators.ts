/**
 * The partner simulators (`simulators/`) for tests: started as their own process on a free loopback port (a
 * service never imports another app, and a real HTTP peer is what the hub talks to), and a small client of their
 * control API. The shapes below are copies of what that API answers; the simulators' sources stay theirs.
 */
import type { RetailerProduct, RetailerProductInput, RetailerProductPage } from '@looma-hub/contracts';
import { freePort, type ServiceProcess, startProcess } from './processes';

/** The retailer token the simulators accept unless SIM_RETAILER_TOKEN says otherwise. */
export const RETAILER_DEMO_TOKEN = 'retailer-demo-token';

/** A webhook the chat-platform simulator received (`GET /_control/chat/deliveries`), oldest first. */
export interface ChatDelivery<Body = unknown> {
  id: string;
  endpointId: string;
  receivedAt: string;
  /** When the answer left; null while a `slow` answer waits, or when the client hung up first. */
  answeredAt: string | null;
  clientGone: boolean;
  method: string;
  path: string;
  /** The order id of an OmniChat `/v2/orders/{orderId}/statusChange` call; null on `/chat/webhooks`. */
  orderId: string | null;
  headers: Record<string, string>;
  rawBody: string;
  /** The parsed JSON body (null when it was not JSON). */
  body: Body;
  webhookId: string | null;
  /** null when the receiver endpoint has no secret. */
  signatureValid: boolean | null;
  signatureError: string | null;
  /** null when the receiver endpoint expects no custom headers. */
  headersValid: boolean | null;
  missingHeaders: string[];
  /** The same webhook-id reached this endpoint before (a retry or a replay). */
  duplicate: boolean;
  /** What the receiver's behaviour made of this attempt (`healthy`, `fail`, `slow`, `gone`, `throttle`). */
  behaviour: { mode: string; status?: number; delayMs?: number; retryAfterSeconds?: number };
  responseStatus: number;
  responseBody: string;
}

export type RetailerSaleStatus = 'registered' | 'completed' | 'cancelled';

/** A sale in the retailer simulator's ERP (`GET /_control/retailer/sales`), with how often it was asked for. */
export interface RetailerSale {
  saleId: string;
  orderId: string;
  tenantId: string | null;
  status: RetailerSaleStatus;
  customer: { name: string; document: string; phone: string | null; email: string | null };
  items: { productId: string; sku: string; quantity: number; unitPriceCents: number }[];
  totalCents: number;
  paymentMethod: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  cancelledAt: string | null;
  /** Every registration call its orderId got (replays and conflicts too). */
  registrationCalls: number;
  cancelCalls: number;
  cancelReason: string | null;
}

/**
 * A product to create (id, name, priceCents and stock at least) or update (the id and any fields) through
 * `POST /_control/retailer/products`: the published contract's RetailerProduct, every field but the id optional.
 */
export type RetailerProductUpsert = { id: string } & Partial<Omit<RetailerProductInput, 'id' | 'updatedAt'>>;

export interface SimulatorsClient {
  baseUrl: string;
  /** What a tenant's retailer connection points at (the hub's retailer client appends `/v1/...`). */
  retailer: { baseUrl: string; token: string };
  /** Calls the control API (`/_control/...`): the parsed JSON answer, or an error naming the status. */
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** What the chat receiver `endpointId` got, oldest first; `Body` is the payload shape the caller expects. */
  chatDeliveries<Body = unknown>(endpointId: string): Promise<ChatDelivery<Body>[]>;
  /** Every sale the retailer registered, oldest first. */
  retailerSales(): Promise<RetailerSale[]>;
  /** Every product, page by page through the Retailer Integration API the simulator implements (what a catalog sync sees). */
  retailerProducts(): Promise<RetailerProduct[]>;
  /** Creates or updates retailer products; each gets a fresh updatedAt, so an incremental sync sees it. */
  upsertRetailerProducts(items: RetailerProductUpsert[]): Promise<RetailerProduct[]>;
}

export interface RunningSimulators extends SimulatorsClient {
  process: ServiceProcess;
  stop(): Promise<void>;
}

/** A client for simulators that already run at `baseUrl` (e.g. the ones of a whole stack). */
export function simulatorsClient(baseUrl: string): SimulatorsClient {
  const control = async <T = unknown>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`simulators ${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const retailer = { baseUrl: `${baseUrl}/retailer`, token: RETAILER_DEMO_TOKEN };
  return {
    baseUrl,
    retailer,
    control,
    chatDeliveries: async <Body = unknown>(endpointId: string) =>
      (await control<{ items: ChatDelivery<Body>[] }>('GET', `/_control/chat/deliveries?endpointId=${encodeURIComponent(endpointId)}`))
        .items,
    retailerSales: async () => (await control<{ items: RetailerSale[] }>('GET', '/_control/retailer/sales')).items,
    retailerProducts: async () => {
      const all: RetailerProduct[] = [];
      let cursor: string | null = null;
      do {
        const url = new URL(`${retailer.baseUrl}/v1/products`);
        url.searchParams.set('limit', '200');
        if (cursor) url.searchParams.set('cursor', cursor);
        const res = await fetch(url, { headers: { authorization: `Bearer ${retailer.token}` }, signal: AbortSignal.timeout(10_000) });
        if (!res.ok) throw new Error(`simulators GET ${url.pathname} → ${res.status}: ${await res.text()}`);
        const page = (await res.json()) as RetailerProductPage;
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return all;
    },
    upsertRetailerProducts: async (items) =>
      (await control<{ items: RetailerProduct[] }>('POST', '/_control/retailer/products', { items })).items,
  };
}

/**
 * Starts the simulators (`simulators/src/main.ts`) on a free loopback port, so a test file has partner state of
 * its own, and waits until `/health/live` answers.
 */
export async function startSimulators(
  opts: { port?: number; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunningSimulators> {
  const port = opts.port ?? (await freePort());
  const proc = await startProcess({
    name: 'simulators',
    entry: 'simulators/src/main.ts',
    env: { LOG_LEVEL: 'warn', ...opts.env, SIMULATORS_HOST: '127.0.0.1', SIMULATORS_PORT: String(port) },
    port,
    readyPath: '/health/live',
    timeoutMs: opts.timeoutMs ?? 60_000,
  });
  return { ...simulatorsClient(proc.url), process: proc, stop: proc.stop };
}
