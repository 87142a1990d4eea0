import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  CATALOG_SYNC_PROGRESS_QUERY,
  CATALOG_SYNC_WORKFLOW,
  type CatalogActivities,
  type CatalogPageResult,
  type CatalogSyncProgress,
} from '@looma-hub/contracts';
import { bundleWorkflows, installTemporalRuntime } from '@looma-hub/platform';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { type WorkflowBundleWithSourceMap, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { CatalogWorkerModule } from '../src/app.module';
import { loadCatalogConfig } from '../src/config';
import { RetailerConnectionService } from '../src/retailer/retailer-connection.service';
import { CatalogActivitiesService } from '../src/sync/catalog.activities';
import { ensureTestDatabase, eventually, type RunningSimulators, startSimulators, testEnv, uniqueTenantId } from '@looma-hub/testing';
import { deleteTenantRows, serviceEnv } from './support/service';

jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  installTemporalRuntime('WARN');
  // Never downloads: the time-skipping server comes from the local cache deploy/local/infra.sh fills.
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testEnv().TEMPORAL_TEST_SERVER } },
  });
  bundle = await bundleWorkflows(require.resolve('@looma-hub/workflows'));
});

afterAll(async () => {
  await env?.teardown();
});

async function runWith<T>(activities: CatalogActivities, taskQueue: string, fn: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities });
  return worker.runUntil(fn);
}

/** A retailer feed of `pages` pages for the workflow-logic tests: page i has cursor `c<i>`. */
function scriptedActivities(opts: { pages: CatalogPageResult[]; watermark?: string | null; gate?: Promise<void> }) {
  const calls: { cursor: string | null; updatedSince: string | null }[] = [];
  const saved: string[] = [];
  let watermarkLoads = 0;
  const activities: CatalogActivities = {
    loadSyncWatermark: async () => {
      watermarkLoads++;
      return opts.watermark ?? null;
    },
    syncCatalogPage: async (input) => {
      calls.push({ cursor: input.cursor, updatedSince: input.updatedSince });
      const index = input.cursor === null ? 0 : Number(input.cursor.slice(1));
      if (index === 1 && opts.gate) await opts.gate;
      const page = opts.pages[index];
      if (!page) throw ApplicationFailure.nonRetryable(`no page ${index}`, 'RetailerRejected');
      return page;
    },
    saveSyncWatermark: async (input) => {
      saved.push(input.watermark);
    },
  };
  return { activities, calls, saved, watermarkLoads: () => watermarkLoads };
}

function feed(maxUpdatedAts: (string | null)[]): CatalogPageResult[] {
  return maxUpdatedAts.map((maxUpdatedAt, i) => ({
    fetched: 3,
    changed: i % 2,
    nextCursor: i === maxUpdatedAts.length - 1 ? null : `c${i + 1}`,
    maxUpdatedAt,
  }));
}

describe('catalogSyncWorkflow (workflow logic, scripted activities)', () => {
  it('walks every page with the cursor, continues as new to bound history, and saves the highest watermark once', async () => {
    const taskQueue = `catalog-wf-${randomUUID()}`;
    const script = scriptedActivities({
      watermark: '2026-03-01T12:00:00.000Z',
      pages: feed(['2026-03-01T12:00:05.000Z', '2026-03-01T12:00:09.000Z', null, '2026-03-01T12:00:07.000Z', '2026-03-01T12:00:08.000Z']),
    });
    const { result, runId, firstRunId } = await runWith(script.activities, taskQueue, async () => {
      const handle = await env.client.workflow.start(CATALOG_SYNC_WORKFLOW, {
        taskQueue,
        workflowId: `catalog-sync-wf-${randomUUID()}`,
        args: [{ tenantId: 't1', mode: 'incremental', pagesPerRun: 2 }],
      });
      const result = (await handle.result()) as CatalogSyncProgress;
      return { result, runId: (await handle.describe()).runId, firstRunId: handle.firstExecutionRunId };
    });

    expect(result).toEqual({ pages: 5, fetched: 15, changed: 2, cursor: null, done: true });
    expect(script.calls.map((c) => c.cursor)).toEqual([null, 'c1', 'c2', 'c3', 'c4']);
    // Incremental: the watermark less a minute of overlap, the same on every page and across continued runs.
    expect(new Set(script.calls.map((c) => c.updatedSince))).toEqual(new Set(['2026-03-01T11:59:00.000Z']));
    expect(script.watermarkLoads()).toBe(1);
    expect(script.saved).toEqual(['2026-03-01T12:00:09.000Z']);
    // 5 pages at 2 per run: the chain has three runs, the last one is not the first.
    expect(runId).not.toBe(firstRunId);
  });

  it('full mode asks for everything and never reads the watermark', async () => {
    const taskQueue = `catalog-wf-${randomUUID()}`;
    const script = scriptedActivities({ watermark: '2026-03-01T12:00:00.000Z', pages: feed(['2026-03-02T00:00:00.000Z']) });
    await runWith(script.activities, taskQueue, () =>
      env.client.workflow.execute(CATALOG_SYNC_WORKFLOW, {
        taskQueue,
        workflowId: `catalog-sync-wf-${randomUUID()}`,
        args: [{ tenantId: 't1', mode: 'full' }],
      }),
    );
    expect(script.calls).toEqual([{ cursor: null, updatedSince: null }]);
    expect(script.watermarkLoads()).toBe(0);
    expect(script.saved).toEqual(['2026-03-02T00:00:00.000Z']);
  });

  it('exposes progress through the query while it runs', async () => {
    const taskQueue = `catalog-wf-${randomUUID()}`;
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const script = scriptedActivities({ gate, pages: feed(['2026-03-01T12:00:00.000Z', '2026-03-01T12:00:01.000Z']) });
    const progress = await runWith(script.activities, taskQueue, async () => {
      const handle = await env.client.workflow.start(CATALOG_SYNC_WORKFLOW, {
        taskQueue,
        workflowId: `catalog-sync-wf-${randomUUID()}`,
        args: [{ tenantId: 't1', mode: 'full' }],
      });
      const midway = await eventually(
        async () => {
          const p = await handle.query<CatalogSyncProgress>(CATALOG_SYNC_PROGRESS_QUERY);
          return p.pages === 1 ? p : undefined;
        },
        { timeoutMs: 20_000, what: 'progress after page 1' },
      );
      open();
      await handle.result();
      return { midway, final: await handle.query<CatalogSyncProgress>(CATALOG_SYNC_PROGRESS_QUERY) };
    });
    expect(progress.midway).toEqual({ pages: 1, fetched: 3, changed: 0, cursor: 'c1', done: false });
    expect(progress.final).toEqual({ pages: 2, fetched: 6, changed: 1, cursor: null, done: true });
  });

  it('fails on a business answer from the retailer without moving the watermark', async () => {
    const taskQueue = `catalog-wf-${randomUUID()}`;
    const pages = feed(['2026-03-01T12:00:00.000Z', '2026-03-01T12:00:01.000Z']).slice(0, 1);
    pages[0]!.nextCursor = 'c1'; // page 1 does not exist: the scripted retailer rejects it (non-retryable)
    const script = scriptedActivities({ pages });
    const outcome = await runWith(script.activities, taskQueue, () =>
      env.client.workflow
        .execute(CATALOG_SYNC_WORKFLOW, {
          taskQueue,
          workflowId: `catalog-sync-wf-${randomUUID()}`,
          args: [{ tenantId: 't1', mode: 'full' }],
        })
        .then(
          () => 'completed',
          (err: unknown) => err,
        ),
    );
    expect(outcome).toBeInstanceOf(WorkflowFailedError);
    expect(script.calls).toHaveLength(2);
    expect(script.saved).toEqual([]);
  });
});

describe('catalogSyncWorkflow with the real activities (Postgres + simulated retailer)', () => {
  let sims: RunningSimulators;
  let app: INestApplicationContext;
  let ds: DataSource;
  const tenantId = uniqueTenantId('t-cat-wf');
  const taskQueue = `catalog-wf-real-${randomUUID()}`;

  beforeAll(async () => {
    await ensureTestDatabase();
    sims = await startSimulators();
    const config = loadCatalogConfig(serviceEnv({ CATALOG_SYNC_PAGE_SIZE: '5' }));
    app = await NestFactory.createApplicationContext(CatalogWorkerModule.forRoot(config), { logger: false });
    ds = app.get(DataSource);
    await app.get(RetailerConnectionService).upsert(tenantId, { baseUrl: sims.retailer.baseUrl, token: sims.retailer.token });
  });

  afterAll(async () => {
    if (ds?.isInitialized) await deleteTenantRows(ds, [tenantId]);
    await app?.close();
    await sims?.stop();
  });

  const run = (mode: 'full' | 'incremental') =>
    runWith(app.get(CatalogActivitiesService).asActivities(), taskQueue, () =>
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
