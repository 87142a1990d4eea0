import {
  DEFAULT_PORTS,
  ensureNamespace,
  consumerGroups,
  ensureTestDatabase,
  freePort,
  processOptions,
  type ServiceProcess,
  type SimulatorsClient,
  simulatorsClient,
  simulatorWiring,
  type StackPorts,
  stackProcesses,
  startProcess,
  testEnv,
} from '@looma-hub/testing';

export const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef';
export const INTERNAL_TOKEN = 'e2e-internal-token-0123456789abcdef';

export interface RunningStack {
  ports: StackPorts;
  gateway: string;
  /** The stack's simulators: their control API and what they recorded. */
  simulators: SimulatorsClient;
  processes: Map<string, ServiceProcess>;
  restart: (name: string) => Promise<ServiceProcess>;
  stop: () => Promise<void>;
}

/** Every service, worker and the simulators as real processes on free ports, against the test database. */
export async function startStack(): Promise<RunningStack> {
  const env = testEnv();
  await ensureTestDatabase(env.DATABASE_URL);
  ensureNamespace(env.TEMPORAL_NAMESPACE);
  const ports = {} as StackPorts;
  for (const k of Object.keys(DEFAULT_PORTS) as (keyof StackPorts)[]) ports[k] = await freePort();
  const defs = stackProcesses(ports, {
    DATABASE_URL: env.DATABASE_URL,
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
    ADMIN_API_KEY: ADMIN_KEY,
    INTERNAL_API_TOKEN: INTERNAL_TOKEN,
    LOG_LEVEL: 'info',
    NODE_ENV: 'test',
    ...consumerGroups('e2e'),
    // A deleted tenant's id is free again soon after every service let go of it.
    TENANT_PURGE_INTERVAL_MS: '500',
    TENANT_PURGE_SETTLE_MS: '2000',
    // Webhook retries done within a second, so "delivered, nothing pending" is final soon.
    WEBHOOK_RETRY_SCHEDULE: '200ms,400ms',
    WEBHOOK_RETRY_JITTER: '0',
  });
  // The orders worker logs at debug level so the log-hygiene test sees customer data pass through the masking.
  for (const d of defs) if (d.name === 'orders-worker') d.env = { ...d.env, LOG_LEVEL: 'debug' };
  const processes = new Map<string, ServiceProcess>();
  const start = async (name: string) => {
    const d = defs.find((x) => x.name === name);
    if (!d) throw new Error(`no process ${name}`);
    const p = await startProcess(processOptions(d));
    processes.set(name, p);
    return p;
  };
  // allSettled: when one process fails to start, wait for the others before stopping them all, so none is
  // left running (and polling the shared task queues) after the failure.
  const results = await Promise.allSettled(defs.map((d) => start(d.name)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all([...processes.values()].map((p) => p.stop()));
    throw failed.reason;
  }
  return {
    ports,
    gateway: `http://127.0.0.1:${ports.gateway}`,
    simulators: simulatorsClient(`http://127.0.0.1:${ports.simulators}`),
    processes,
    restart: start,
    stop: async () => {
      await Promise.all([...processes.values()].map((p) => p.stop()));
    },
  };
}

export async function json<T = Record<string, unknown>>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, headers: res.headers };
}

/** A tenant created through the gateway's admin API, wired to the simulators (retailer + chat webhook receiver). */
export async function createTenant(
  stack: RunningStack,
  tenantId: string,
): Promise<{ apiKey: string; endpointId: string; webhookSecret: string }> {
  const wiring = simulatorWiring(stack.simulators.baseUrl, tenantId);
  const created = await json<{ apiKey: { key: string }; webhooks: { secret: string }[] }>(
    'POST',
    `${stack.gateway}/admin/tenants`,
    // Development mode: the chat receiver is the simulator on loopback.
    { id: tenantId, name: `E2E ${tenantId}`, developmentMode: true, retailer: wiring.retailer, webhooks: [{ url: wiring.webhookUrl }] },
    { authorization: `Bearer ${ADMIN_KEY}` },
  );
  if (created.status !== 201) throw new Error(`tenant creation failed: ${created.status} ${JSON.stringify(created.body)}`);
  const secret = created.body.webhooks[0]?.secret;
  if (!secret) throw new Error('webhook endpoint secret missing');
  // The chat-platform simulator verifies every delivery's Standard Webhooks signature with it.
  await stack.simulators.control('PUT', `/_control/chat/endpoints/${tenantId}`, { secret });
  return { apiKey: created.body.apiKey.key, endpointId: tenantId, webhookSecret: secret };
}

/** The admin API, with the stack's admin key. */
export function admin<T = Record<string, unknown>>(stack: RunningStack, method: string, path: string, body?: unknown) {
  return json<T>(method, `${stack.gateway}${path}`, body, { authorization: `Bearer ${ADMIN_KEY}` });
}

/** A service's internal API (the stack shares INTERNAL_TOKEN). */
export function internal<T = Record<string, unknown>>(stack: RunningStack, port: number, method: string, path: string, body?: unknown) {
  return json<T>(method, `http://127.0.0.1:${port}${path}`, body, { 'x-internal-token': INTERNAL_TOKEN });
}

/** A webhook delivery as the admin API shows it. */
export interface DeliveryView {
  id: string;
  eventType: string;
  subject: string | null;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
}
