import { randomUUID } from 'node:crypto';
import {
  CATALOG_SYNC_PROGRESS_QUERY,
  CATALOG_SYNC_WORKFLOW,
  type CatalogChunkInput,
  type CatalogChunkResult,
  type CatalogDbActivities,
  type CatalogRetailerActivities,
  type CatalogSyncFinish,
  type CatalogSyncProgress,
  RetailerErrors,
} from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { eventually, timeSkippingEnvironment, withWorker } from '@looma-hub/testing';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

jest.setTimeout(120_000);

/**
 * The decisions of catalogSyncWorkflow — chunks by cursor, continue-as-new, the start and the finish, progress query,
 * failures — on the time-skipping server with scripted activities (the real ones run in catalog-sync's integration
 * tests).
 */
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await timeSkippingEnvironment();
});

afterAll(async () => {
  await env?.teardown();
});

/** A retailer feed of chunks: chunk i starts at cursor `c<i>` (null for the first). */
function scripted(opts: { chunks: CatalogChunkResult[]; updatedSince?: string | null; skip?: boolean; gate?: Promise<void> }) {
  const calls: CatalogChunkInput[] = [];
  const starts: { syncId: string; mode: string }[] = [];
  const finishes: CatalogSyncFinish[] = [];
  const activities: CatalogDbActivities & CatalogRetailerActivities = {
    startCatalogSync: async (input) => {
      starts.push({ syncId: input.syncId, mode: input.mode });
      return { updatedSince: input.mode === 'full' ? null : (opts.updatedSince ?? null), skip: opts.skip ?? false };
    },
    syncCatalogChunk: async (input) => {
      calls.push(input);
      const index = input.cursor === null ? 0 : Number(input.cursor.slice(1));
      if (index === 1 && opts.gate) await opts.gate;
      const chunk = opts.chunks[index];
      if (!chunk) throw new DomainError(RetailerErrors.Rejected, `retailer: GET /v1/products answered 404: no chunk ${index}`);
      return chunk;
    },
    finishCatalogSync: async (input) => {
      finishes.push(input);
      return { deactivated: input.mode === 'full' ? 4 : 0 };
    },
  };
  return { activities, calls, starts, finishes };
}

function feed(maxUpdatedAts: (string | null)[]): CatalogChunkResult[] {
  return maxUpdatedAts.map((maxUpdatedAt, i) => ({
    pages: 2,
    seen: 10,
    changed: i % 2,
    rejected: i === 0 ? 1 : 0,
    nextCursor: i === maxUpdatedAts.length - 1 ? null : `c${i + 1}`,
    maxUpdatedAt,
  }));
}

const start = (args: Record<string, unknown>, taskQueue: string) =>
  env.client.workflow.start(CATALOG_SYNC_WORKFLOW, {
    taskQueue,
    workflowId: `catalog-sync-wf-${randomUUID()}`,
    args: [{ tenantId: 't1', ...args }],
  });

describe('catalogSyncWorkflow (workflow logic, scripted activities)', () => {
  it('walks every chunk with the cursor, continues as new to bound history, and finishes once with the highest watermark', async () => {
    const taskQueue = `catalog-wf-${randomUUID()}`;
    const script = scripted({
      updatedSince: '2026-03-01T11:59:00.000Z',
      chunks: feed(['2026-03-01T12:00:05.000Z', '2026-03-01T12:00:09.000Z', null, '2026-03-01T12:00:07.000Z', '2026-03-01T12:00:08.000Z']),
    });
    const { result, runId, firstRunId } = await withWorker(env, taskQueue, script.activities, async () => {
      const handle = await start({ mode: 'incremental', chunksPerRun: 2 }, taskQueue);
      const result = (await handle.result()) as CatalogSyncProgress;
      return { result, runId: (await handle.describe()).runId, firstRunId: handle.firstExecutionRunId };
    });

    expect(result).toMatchObject({
      mode: 'incremental',
      state: 'done',
      pages: 10,
      seen: 50,
      changed: 2,
      rejected: 1,
      deactivated: 0,
      cursor: null,
    });
    expect(script.calls.map((c) => [c.cursor, c.pagesBefore])).toEqual([
      [null, 0],
      ['c1', 2],
      ['c2', 4],
      ['c3', 6],
      ['c4', 8],
    ]);
    // One sync across the continued runs: one start, one id, the same updatedSince on every chunk.
    expect(script.starts).toHaveLength(1);
    expect(new Set(script.calls.map((c) => c.syncId))).toEqual(new Set([script.starts[0]?.syncId]));
    expect(new Set(script.calls.map((c) => c.updatedSince))).toEqual(new Set(['2026-03-01T11:59:00.000Z']));
    expect(script.finishes).toEqual([
      expect.objectContaining({
        complete: true,
        watermark: '2026-03-01T12:00:09.000Z',
        counts: { pages: 10, seen: 50, changed: 2, rejected: 1 },
      }),
    ]);
    // 5 chunks at 2 per run: the chain has three runs, the last one is not the first.
    expect(runId).not.toBe(firstRunId);
  });

  it('full mode asks for everything and reports what the finish deactivated', async () => {
    const taskQueue = `catalog-wf-${randomUUID()}`;
    const script = scripted({ updatedSince: '2026-03-01T12:00:00.000Z', chunks: feed(['2026-03-02T00:00:00.000Z']) });
    const result = await withWorker(env, taskQueue, script.activities, async () => (await start({ mode: 'full' }, taskQueue)).result());
    expect(script.calls.map((c) => [c.cursor, c.updatedSince, c.mode])).toEqual([[null, null, 'full']]);
    expect((result as CatalogSyncProgress).deactivated).toBe(4);
  });

  it('ends at once when the start says there is nothing to do (the first full sync is still running)', async () => {
    const taskQueue = `catalog-wf-${randomUUID()}`;
    const script = scripted({ skip: true, chunks: feed([null]) });
    const result = await withWorker(env, taskQueue, script.activities, async () =>
      (await start({ mode: 'incremental' }, taskQueue)).result(),
    );
    expect([script.calls.length, script.finishes.length, (result as CatalogSyncProgress).state]).toEqual([0, 0, 'done']);
  });

  it('exposes progress through the query while it runs', async () => {
    const taskQueue = `catalog-wf-${randomUUID()}`;
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const script = scripted({ gate, chunks: feed(['2026-03-01T12:00:00.000Z', '2026-03-01T12:00:01.000Z']) });
    const progress = await withWorker(env, taskQueue, script.activities, async () => {
      const handle = await start({ mode: 'full' }, taskQueue);
      const midway = await eventually(
        async () => {
          const p = await handle.query<CatalogSyncProgress>(CATALOG_SYNC_PROGRESS_QUERY);
          return p.pages === 2 ? p : undefined;
        },
        { timeoutMs: 20_000, what: 'progress after the first chunk' },
      );
      open();
      await handle.result();
      return { midway, final: await handle.query<CatalogSyncProgress>(CATALOG_SYNC_PROGRESS_QUERY) };
    });
    expect(progress.midway).toMatchObject({ mode: 'full', state: 'running', pages: 2, seen: 10, changed: 0, rejected: 1, cursor: 'c1' });
    expect(progress.final).toMatchObject({ state: 'done', pages: 4, seen: 20, changed: 1, rejected: 1, deactivated: 4, cursor: null });
  });

  it('fails on a business answer from the retailer without finishing (no watermark moved, nothing deactivated)', async () => {
    const taskQueue = `catalog-wf-${randomUUID()}`;
    const chunks = feed(['2026-03-01T12:00:00.000Z', '2026-03-01T12:00:01.000Z']).slice(0, 1);
    chunks[0]!.nextCursor = 'c1'; // chunk 1 does not exist: the scripted retailer rejects it (non-retryable)
    const script = scripted({ chunks });
    const outcome = await withWorker(env, taskQueue, script.activities, () =>
      start({ mode: 'full' }, taskQueue).then((h) =>
        h.result().then(
          () => 'completed',
          (err: unknown) => err,
        ),
      ),
    );
    expect(outcome).toBeInstanceOf(WorkflowFailedError);
    expect(script.calls).toHaveLength(2);
    expect(script.finishes).toEqual([]);
  });
});
