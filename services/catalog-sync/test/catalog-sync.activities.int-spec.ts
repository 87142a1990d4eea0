import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CATALOG_SYNC_WORKFLOW, type CatalogSyncProgress } from '@looma-hub/contracts';
import {
  ensureTestDatabase,
  type RunningSimulators,
  type ServiceProcess,
  startSimulators,
  timeSkippingEnvironment,
  uniqueTenantId,
  withWorker,
} from '@looma-hub/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DataSource } from 'typeorm';
import { CatalogWorkerModule } from '../src/app.module';
import { loadCatalogConfig } from '../src/config';
import { CatalogActivitiesService } from '../src/sync/catalog.activities';
import { deleteTenantRows, INTERNAL_TOKEN, serviceEnv, startConnectionsOwner } from './support/service';

jest.setTimeout(180_000);

/**
 * catalogSyncWorkflow with the real activities: Postgres, the retailer simulator over HTTP, the tenant's connection
 * read from its owner (a real orders process); time on the time-skipping server. The workflow's own decisions are
 * tested beside it in workflows/src/catalog-sync.
 */
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await timeSkippingEnvironment();
});

afterAll(async () => {
  await env?.teardown();
});

describe('catalogSyncWorkflow with the real activities (Postgres + simulated retailer)', () => {
  let sims: RunningSimulators;
  let owner: ServiceProcess;
  let app: INestApplicationContext;
  let ds: DataSource;
  const tenantId = uniqueTenantId('t-cat-wf');
  const taskQueue = `catalog-wf-real-${randomUUID()}`;

  beforeAll(async () => {
    await ensureTestDatabase();
    [sims, owner] = await Promise.all([startSimulators(), startConnectionsOwner()]);
    const config = loadCatalogConfig(serviceEnv({ CATALOG_SYNC_PAGE_SIZE: '5', CONNECTIONS_URL: owner.url }));
    app = await NestFactory.createApplicationContext(CatalogWorkerModule.forRoot(config), { logger: false });
    ds = app.get(DataSource);
    const put = await fetch(`${owner.url}/internal/tenants/${tenantId}/connections/retailer`, {
      method: 'PUT',
      headers: { 'x-internal-token': INTERNAL_TOKEN, 'content-type': 'application/json' },
      body: JSON.stringify({ baseUrl: sims.retailer.baseUrl, token: sims.retailer.token }),
    });
    expect(put.status).toBe(200);
  });

  afterAll(async () => {
    if (ds?.isInitialized) await deleteTenantRows(ds, [tenantId]);
    await app?.close();
    await Promise.all([sims?.stop(), owner?.stop()]);
  });

  const run = (mode: 'full' | 'incremental') =>
    withWorker(env, taskQueue, app.get(CatalogActivitiesService).asActivities(), () =>
      env.client.workflow.execute(CATALOG_SYNC_WORKFLOW, {
        taskQueue,
        workflowId: `catalog-sync-${tenantId}-${mode}-${randomUUID()}`,
        args: [{ tenantId, mode, pagesPerRun: 2 }],
      }),
    ) as Promise<CatalogSyncProgress>;

  const outboxCount = async () =>
    Number(((await ds.query(`SELECT count(*) AS n FROM catalog.outbox WHERE tenant_id = $1`, [tenantId])) as { n: string }[])[0]?.n);

  it('stores the whole catalog across continued runs, then finds nothing new, then exactly the one change', async () => {
    const retailerProducts = await sims.retailerProducts();
    expect(retailerProducts.length).toBeGreaterThan(10); // 5 per page, 2 pages per run: several runs

    const full = await run('full');
    expect(full).toMatchObject({ fetched: retailerProducts.length, changed: retailerProducts.length, done: true });
    const [stored] = (await ds.query(`SELECT count(*)::int AS n FROM catalog.product WHERE tenant_id = $1`, [tenantId])) as { n: number }[];
    expect(stored?.n).toBe(retailerProducts.length);
    expect(await outboxCount()).toBe(retailerProducts.length);
    const [state] = (await ds.query(`SELECT watermark, last_full_sync_at FROM catalog.sync_state WHERE tenant_id = $1`, [tenantId])) as {
      watermark: Date | null;
      last_full_sync_at: Date | null;
    }[];
    expect(state?.watermark).toBeInstanceOf(Date);
    expect(state?.last_full_sync_at).toBeInstanceOf(Date);

    const again = await run('incremental');
    expect(again.changed).toBe(0);
    expect(await outboxCount()).toBe(retailerProducts.length);

    await sims.upsertRetailerProducts([{ id: '1002', stock: 7 }]);
    const one = await run('incremental');
    expect(one.changed).toBe(1);
    expect(one.fetched).toBeLessThan(retailerProducts.length);
    expect(await outboxCount()).toBe(retailerProducts.length + 1);
  });
});
