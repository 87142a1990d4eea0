/**
 * `npm start`: the whole hub on this machine. Brings the engines up (deploy/local/infra.sh), starts every
 * service, worker and the partner simulators under one supervisor with prefixed logs, creates (or reuses)
 * the demo tenant wired to the simulators, and prints where to look. Ctrl-C stops the processes and then the
 * engines (set LOOMA_KEEP_INFRA=1 to leave the engines running).
 */
import path from 'node:path';
import {
  DEFAULT_PORTS,
  DEV_ADMIN_KEY,
  infra,
  infraEnv,
  repoRoot,
  retailerInboundUrl,
  simulatorWiring,
  stackProcesses,
  type StackPorts,
  waitFor,
} from '@looma-hub/testing';
import concurrently from 'concurrently';

const DEMO_TENANT = process.env.LOOMA_DEMO_TENANT ?? 'demo';

function ports(): StackPorts {
  const p = { ...DEFAULT_PORTS };
  for (const k of Object.keys(p) as (keyof StackPorts)[]) {
    const v = process.env[`LOOMA_${k.toUpperCase()}_PORT`];
    if (v) p[k] = Number(v);
  }
  return p;
}

async function http<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

interface DemoTenant {
  apiKey: string;
  created: boolean;
}

/** Creates the demo tenant the first time; later starts reuse it and mint a fresh key (keys are shown once). */
async function ensureDemoTenant(p: StackPorts, adminKey: string): Promise<DemoTenant> {
  const gw = `http://127.0.0.1:${p.gateway}`;
  const sim = `http://127.0.0.1:${p.simulators}`;
  const auth = { authorization: `Bearer ${adminKey}` };
  const wiring = simulatorWiring(sim, DEMO_TENANT);
  const tenants = await http<{ id: string }[]>('GET', `${gw}/admin/tenants`, undefined, auth);
  if (!tenants.some((t) => t.id === DEMO_TENANT)) {
    const created = await http<{ apiKey: { key: string }; webhooks: { secret?: string }[] }>(
      'POST',
      `${gw}/admin/tenants`,
      {
        id: DEMO_TENANT,
        name: 'Loja Demo',
        // The chat-platform simulator listens on loopback: only a tenant in development mode may have it as an endpoint.
        developmentMode: true,
        retailer: wiring.retailer,
        webhooks: [{ url: wiring.webhookUrl, description: 'chat platform simulator' }],
      },
      auth,
    );
    const secret = created.webhooks[0]?.secret;
    if (secret) await http('PUT', `${sim}/_control/chat/endpoints/${DEMO_TENANT}`, { secret });
    return { apiKey: created.apiKey.key, created: true };
  }
  // A demo tenant made before development mode existed gets it too (its endpoint is the loopback simulator).
  await http('PATCH', `${gw}/admin/tenants/${DEMO_TENANT}`, { developmentMode: true }, auth);
  await http('PUT', `${gw}/admin/tenants/${DEMO_TENANT}/retailer`, wiring.retailer, auth);
  const key = await http<{ key: string }>('POST', `${gw}/admin/tenants/${DEMO_TENANT}/keys`, { name: 'npm-start' }, auth);
  return { apiKey: key.key, created: false };
}

/**
 * The retailer simulator's "sale completed/cancelled" push for the demo tenant: to the gateway's public inbound route,
 * signed with the tenant's `retailer` source secret. The simulators keep nothing across starts, so every start sets a
 * fresh secret in both (the hub generates it; it goes from the answer to the simulator, never to the console).
 */
async function wireRetailerSaleWebhook(p: StackPorts, adminKey: string): Promise<void> {
  const gw = `http://127.0.0.1:${p.gateway}`;
  const source = await http<{ secret?: string }>(
    'PUT',
    `${gw}/admin/tenants/${DEMO_TENANT}/inbound-sources/retailer`,
    {},
    {
      authorization: `Bearer ${adminKey}`,
    },
  );
  if (!source.secret) throw new Error('the hub did not generate a secret for the retailer inbound source');
  await http('PUT', `http://127.0.0.1:${p.simulators}/_control/retailer/webhook`, {
    url: retailerInboundUrl(gw, DEMO_TENANT),
    secret: source.secret,
    tenantId: DEMO_TENANT,
  });
}

function banner(p: StackPorts, temporal: { ui: string; namespace: string }, demo: DemoTenant): string {
  const gw = `http://127.0.0.1:${p.gateway}`;
  const curl = [
    `curl -s -X POST ${gw}/v1/orders \\`,
    `  -H "Authorization: Bearer ${demo.apiKey}" -H "Content-Type: application/json" \\`,
    `  -H "Idempotency-Key: demo-$(date +%s)" \\`,
    `  -d '{"externalId":"chat-'$(date +%s)'","customer":{"name":"Maria da Silva","document":"529.982.247-25","phone":"(48) 99999-8888"},` +
      `"items":[{"productId":"1001","quantity":2,"unitPriceCents":2499}]}'`,
  ].join('\n');
  return [
    '',
    '════════════════════════ Looma Hub is up ════════════════════════',
    `  Gateway (public API)   ${gw}`,
    `  API docs (OpenAPI)     ${gw}/docs`,
    `  Temporal Web UI        ${temporal.ui}  (namespace ${temporal.namespace})`,
    `  Partner simulators     http://127.0.0.1:${p.simulators}  (control: /_control)`,
    `  Demo tenant            ${DEMO_TENANT} ${demo.created ? '(created now)' : '(existing; new key minted)'}`,
    `  Demo API key           ${demo.apiKey}`,
    '',
    '  Place an order:',
    curl.replace(/^/gm, '    '),
    '',
    `  Then: curl -s ${gw}/v1/orders/<id> -H "Authorization: Bearer ${demo.apiKey}"`,
    `        curl -s "${gw}/v1/products?q=cafe" -H "Authorization: Bearer ${demo.apiKey}"`,
    `        curl -s -X POST ${gw}/v1/quotes -H "Authorization: Bearer ${demo.apiKey}" -H "Content-Type: application/json" \\`,
    `          -d '{"lines":[{"productId":"1003","quantity":3},{"productId":"1002","quantity":2}],"customer":{"document":"529.982.247-25"}}'`,
    `  The retailer completes the sale (its signed webhook → ${gw}/v1/inbound/${DEMO_TENANT}/retailer → order COMPLETED):`,
    `        curl -s -X POST http://127.0.0.1:${p.simulators}/_control/retailer/sales/<retailerSaleId>/status \\`,
    `          -H "Content-Type: application/json" -d '{"status":"completed"}'`,
    '  Ctrl-C stops everything.',
    '═════════════════════════════════════════════════════════════════',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  infra('up');
  const env = await infraEnv();
  const p = ports();
  const adminKey = process.env.ADMIN_API_KEY ?? DEV_ADMIN_KEY;
  const base: Record<string, string> = {
    DATABASE_URL: process.env.DATABASE_URL ?? env.DATABASE_URL ?? '',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? env.KAFKA_BROKERS ?? '',
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS ?? env.TEMPORAL_ADDRESS ?? '',
    // The dev namespace: `npm test` runs use namespaces of their own, so neither takes the other's tasks.
    TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE ?? env.TEMPORAL_NAMESPACE ?? 'looma-dev',
    ADMIN_API_KEY: adminKey,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    NODE_ENV: process.env.NODE_ENV ?? 'development',
  };
  const defs = stackProcesses(p, base);
  const register = path.join(repoRoot, 'scripts', 'register.cjs');
  const { result, commands } = concurrently(
    defs.map((d) => ({
      name: d.name,
      command: `node -r ${register} ${d.entry}`,
      env: { ...d.env, ...(d.port ? { HTTP_PORT: String(d.port) } : {}) },
      cwd: repoRoot,
    })),
    {
      prefix: '[{name}]',
      prefixColors: ['cyan', 'magenta', 'blue', 'green', 'yellow', 'gray', 'red', 'white', 'cyanBright'],
      killOthersOn: [],
      restartTries: 0,
    },
  );

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\n[start] stopping services…');
    for (const c of commands) c.kill('SIGTERM');
    await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, 20_000))]);
    if (!process.env.LOOMA_KEEP_INFRA) {
      console.log('[start] stopping the engines (LOOMA_KEEP_INFRA=1 keeps them)…');
      try {
        infra('down');
      } catch (err) {
        console.error(err);
      }
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  result.catch(() => undefined);

  try {
    for (const d of defs.filter((x) => x.port)) {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${d.port}/health/ready`, { signal: AbortSignal.timeout(2_000) })).ok, {
        timeoutMs: 180_000,
        intervalMs: 500,
        what: `${d.name} on port ${d.port}`,
      });
    }
    const demo = await ensureDemoTenant(p, adminKey);
    await wireRetailerSaleWebhook(p, adminKey);
    const ui = `${env.TEMPORAL_UI_URL ?? 'http://127.0.0.1:8233'}/namespaces/${base.TEMPORAL_NAMESPACE}/workflows`;
    console.log(banner(p, { ui, namespace: base.TEMPORAL_NAMESPACE ?? '' }, demo));
  } catch (err) {
    console.error(`[start] ${(err as Error).message}`);
    await stop(1);
  }
}

void main();
