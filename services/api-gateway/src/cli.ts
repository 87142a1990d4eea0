/**
 * Operator commands (`npm run hub -- <command>`), run against the gateway's database directly so they work
 * before any key exists:
 *   tenant:create --name "Loja Centro" [--id loja-centro]   creates a tenant and its first API key (shown once)
 *   tenant:list
 *   key:create --tenant <id> [--name chat-platform]          a new API key (shown once)
 *   key:list --tenant <id>
 *   key:revoke --tenant <id> --key <keyId>
 *   openapi [--out services/api-gateway/openapi.json]        writes the OpenAPI document generated from the code
 *   outbox:parked                                            outbox rows the broker refused for good, per service
 *   outbox:requeue --service <name> [--id <uuid>]            puts a service's parked rows (or one) back in line
 *   catalog:sync --tenant <id> [--full] [--wait]             starts a catalog sync (incremental unless --full);
 *                                                            --wait draws its progress, then prints the counts
 *   pricing:sync --tenant <id> [--full]                      pulls the retailer's discount rules now (incremental
 *                                                            from the watermark unless --full); see its state with
 *                                                            GET /admin/tenants/<id>/pricing/sync
 *   webhooks:replay --tenant <id> --since <ISO time>         sends every failed and dead webhook delivery created
 *     [--until <ISO time>] [--endpoint <uuid>]               since then again, from the start of the schedule
 *   webhooks:dead --tenant <id> [--endpoint <uuid>]          the deliveries that used up every attempt (newest first)
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createRootLogger, InternalClient, PinoNestLogger } from '@looma-hub/platform';
import { GatewayAppModule } from './app.module';
import { loadGatewayConfig } from './config';
import { OutboxAdminService } from './admin/outbox-admin.service';
import { OUTBOX_SERVICES, type OutboxService } from './common/internal-clients';
import { catalogSync } from './catalog-sync-command';
import { buildOpenApi } from './openapi';
import { TenantService } from './tenant/tenant.service';

const usage =
  fs
    .readFileSync(__filename, 'utf8')
    .split('*/')[0]
    ?.replace(/^\/\*\*?|^ \* ?/gm, '') ?? '';

async function withContext<T>(fn: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  process.env.LOG_LEVEL ??= 'warn';
  createRootLogger('hub-cli', process.env.LOG_LEVEL);
  const config = loadGatewayConfig();
  const app = await NestFactory.createApplicationContext(GatewayAppModule.forRoot(config), {
    logger: new PinoNestLogger(),
  });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

export async function writeOpenApi(out: string): Promise<string> {
  process.env.LOG_LEVEL ??= 'warn';
  createRootLogger('hub-cli', process.env.LOG_LEVEL);
  const config = loadGatewayConfig();
  const app = await NestFactory.create(GatewayAppModule.forRoot(config), { logger: new PinoNestLogger() });
  try {
    await app.init();
    const json = `${JSON.stringify(buildOpenApi(app), null, 2)}\n`;
    fs.writeFileSync(out, json);
    return json;
  } finally {
    await app.close();
  }
}

/** The webhooks service's internal API (needs WEBHOOKS_URL and INTERNAL_API_TOKEN), as the gateway's admin routes use it. */
function webhooksClient(): InternalClient {
  const config = loadGatewayConfig();
  return new InternalClient('webhooks', config.WEBHOOKS_URL, config.INTERNAL_API_TOKEN, 30_000);
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      id: { type: 'string' },
      tenant: { type: 'string' },
      key: { type: 'string' },
      out: { type: 'string' },
      service: { type: 'string' },
      full: { type: 'boolean' },
      wait: { type: 'boolean' },
      since: { type: 'string' },
      until: { type: 'string' },
      endpoint: { type: 'string' },
    },
  });
  const need = (v: string | undefined, flag: string): string => {
    if (!v) throw new Error(`${command} needs --${flag}`);
    return v;
  };
  switch (command) {
    case 'tenant:create': {
      const name = need(values.name, 'name');
      const out = await withContext(async (app) => {
        const tenants = app.get(TenantService);
        const tenant = await tenants.createTenant({ name, ...(values.id ? { id: values.id } : {}) });
        const key = await tenants.createApiKey(tenant.id, 'default');
        return { tenant: { id: tenant.id, name: tenant.name }, apiKey: key.key, note: 'the API key is shown only now' };
      });
      console.log(JSON.stringify(out, null, 2));
      return;
    }
    case 'tenant:list':
      console.log(JSON.stringify(await withContext((app) => app.get(TenantService).listTenants()), null, 2));
      return;
    case 'key:create': {
      const tenant = need(values.tenant, 'tenant');
      const key = await withContext((app) => app.get(TenantService).createApiKey(tenant, values.name ?? 'default'));
      console.log(JSON.stringify({ ...key, note: 'the API key is shown only now' }, null, 2));
      return;
    }
    case 'key:list': {
      const tenant = need(values.tenant, 'tenant');
      console.log(JSON.stringify(await withContext((app) => app.get(TenantService).listApiKeys(tenant)), null, 2));
      return;
    }
    case 'key:revoke': {
      const tenant = need(values.tenant, 'tenant');
      const key = need(values.key, 'key');
      await withContext((app) => app.get(TenantService).revokeApiKey(tenant, key));
      console.log(`revoked ${key}`);
      return;
    }
    case 'openapi': {
      const out = path.resolve(values.out ?? path.join(__dirname, '..', 'openapi.json'));
      await writeOpenApi(out);
      console.log(`wrote ${path.relative(process.cwd(), out)}`);
      return;
    }
    case 'outbox:parked':
      console.log(JSON.stringify(await withContext((app) => app.get(OutboxAdminService).parked()), null, 2));
      return;
    case 'outbox:requeue': {
      const service = need(values.service, 'service');
      if (!(OUTBOX_SERVICES as readonly string[]).includes(service))
        throw new Error(`--service must be one of ${OUTBOX_SERVICES.join(', ')}`);
      const out = await withContext((app) =>
        app.get(OutboxAdminService).requeue(service as OutboxService, values.id ? [values.id] : undefined),
      );
      console.log(JSON.stringify(out, null, 2));
      return;
    }
    case 'catalog:sync': {
      const tenant = need(values.tenant, 'tenant');
      process.exitCode = await catalogSync(loadGatewayConfig(), { tenant, full: values.full ?? false, wait: values.wait ?? false });
      return;
    }
    case 'pricing:sync': {
      const tenant = need(values.tenant, 'tenant');
      const config = loadGatewayConfig();
      const pricing = new InternalClient('pricing-rules', config.PRICING_URL, config.INTERNAL_API_TOKEN);
      const mode = values.full ? 'full' : 'incremental';
      const started = await pricing.post<{ workflowId: string; runId: string }>(
        `/internal/tenants/${encodeURIComponent(tenant)}/pricing/sync`,
        { mode },
      );
      console.log(`${mode} pricing sync of ${tenant} started: workflow ${started.workflowId}`);
      return;
    }
    case 'webhooks:replay': {
      const tenant = need(values.tenant, 'tenant');
      const since = need(values.since, 'since');
      const out = await webhooksClient().post<unknown>(`/internal/tenants/${encodeURIComponent(tenant)}/deliveries/replay`, {
        since,
        ...(values.until ? { until: values.until } : {}),
        ...(values.endpoint ? { endpointId: values.endpoint } : {}),
      });
      console.log(JSON.stringify(out, null, 2));
      return;
    }
    case 'webhooks:dead': {
      const tenant = need(values.tenant, 'tenant');
      const out = await webhooksClient().get<unknown>(`/internal/tenants/${encodeURIComponent(tenant)}/dead-letters`, {
        endpointId: values.endpoint,
      });
      console.log(JSON.stringify(out, null, 2));
      return;
    }
    default:
      console.log(usage.trim());
      if (command && command !== 'help') process.exitCode = 2;
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    const e = err as Error & { detail?: string };
    console.error(`error: ${e.detail ?? e.message}`);
    process.exit(1);
  });
}
