import { randomUUID } from 'node:crypto';
import {
  CATALOG_SYNC_PROGRESS_QUERY,
  CATALOG_SYNC_WORKFLOW,
  type CatalogActivities,
  type CatalogPageResult,
  type CatalogSyncProgress,
  RetailerErrors,
} from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { eventually, timeSkippingEnvironment, withWorker } from '@looma-hub/testing';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

jest.setTimeout(120_000);

/**
 * The decisions of catalogSyncWorkflow — paging by cursor, continue-as-new, watermark, progress query, failures — on
 * the time-skipping server with scripted activities (the real ones run in catalog-sync's integration tests).
 */
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await timeSkippingEnvironment();
});

afterAll(async () => {
  await env?.teardown();
});

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
      if (!page) throw new DomainError(RetailerErrors.Rejected, `retailer: GET /v1/products answered 404: no page ${index}`);
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
    const { result, runId, firstRunId } = await withWorker(env, taskQueue, script.activities, async () => {
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
    await withWorker(env, taskQueue, script.activities, () =>
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
    const progress = await withWorker(env, taskQueue, script.activities, async () => {
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
    const outcome = await withWorker(env, taskQueue, script.activities, () =>
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
