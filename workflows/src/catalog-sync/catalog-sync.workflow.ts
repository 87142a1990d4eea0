import {
  CATALOG_SYNC_PROGRESS_QUERY,
  type CatalogDbActivities,
  type CatalogRetailerActivities,
  type CatalogSyncInput,
  type CatalogSyncProgress,
} from '@looma-hub/contracts';
import { continueAsNew, defineQuery, log, proxyActivities, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import { ActivityPresets } from '../shared/activity-presets';

// The activities run on the workflow's own task queue (`catalog`): this saga never leaves the catalog service,
// and a test run on a queue of its own stays there.
const db = proxyActivities<CatalogDbActivities>(ActivityPresets.database);
// A chunk reads pages for up to CHUNK_MILLIS, heartbeating its cursor after each stored page. A retailer that is
// down is retried with backoff for as long as it takes (the last good data keeps being served, the tenant shows as
// degraded), up to the schedule-to-close bound; a business answer (refused credentials, a page outside the
// contract) fails the sync at once.
const { maximumAttempts: _bounded, ...partnerRetry } = ActivityPresets.partner.retry;
const retailer = proxyActivities<CatalogRetailerActivities>({
  ...ActivityPresets.partner,
  startToCloseTimeout: '5m',
  heartbeatTimeout: '90s',
  scheduleToCloseTimeout: '12h',
  // No attempt limit: the schedule-to-close bound ends a retailer outage that never ends.
  retry: { ...partnerRetry, maximumInterval: '5m' },
});

export const catalogSyncProgressQuery = defineQuery<CatalogSyncProgress>(CATALOG_SYNC_PROGRESS_QUERY);

/** Chunks one run walks before continuing as new, so a huge catalog never grows one history without bound. */
export const CATALOG_SYNC_CHUNKS_PER_RUN = 200;
/** Pages and time per chunk: progress shows at least this often. */
export const CHUNK_MAX_PAGES = 50;
export const CHUNK_MAX_MILLIS = 5_000;

/** Where a continued run picks up; callers start with `CatalogSyncInput` only. */
export interface CatalogSyncResume {
  syncId: string;
  startedAt: string;
  cursor: string;
  updatedSince: string | null;
  maxUpdatedAt: string | null;
  pages: number;
  seen: number;
  changed: number;
  rejected: number;
}

export interface CatalogSyncWorkflowInput extends CatalogSyncInput {
  /** Set by the workflow itself when it continues as new. */
  resume?: CatalogSyncResume;
  /** Overrides CATALOG_SYNC_CHUNKS_PER_RUN / CHUNK_MAX_PAGES (tests). */
  chunksPerRun?: number;
  pagesPerChunk?: number;
}

/**
 * Pulls a tenant's catalog from its retailer until the cursor runs out. `full` walks everything, then deactivates what
 * it did not see; `incremental` asks only for what changed since the last completed sync's watermark. Each chunk of
 * pages is one activity that stores the pages (real changes written and announced, bad items quarantined). The
 * watermark moves (forward only) once the last page is stored, so a failed sync is simply redone next time.
 */
export async function catalogSyncWorkflow(input: CatalogSyncWorkflowInput): Promise<CatalogSyncProgress> {
  const { tenantId, mode, resume } = input;
  const chunksPerRun = Math.max(1, input.chunksPerRun ?? CATALOG_SYNC_CHUNKS_PER_RUN);
  const progress: CatalogSyncProgress = {
    syncId: resume?.syncId ?? uuid4(),
    mode,
    state: 'running',
    startedAt: resume?.startedAt ?? new Date().toISOString(),
    elapsedMs: 0,
    pages: resume?.pages ?? 0,
    seen: resume?.seen ?? 0,
    changed: resume?.changed ?? 0,
    rejected: resume?.rejected ?? 0,
    deactivated: 0,
    cursor: resume?.cursor ?? null,
    updatedSince: resume?.updatedSince ?? null,
  };
  const tick = () => {
    progress.elapsedMs = Date.now() - Date.parse(progress.startedAt);
  };
  setHandler(catalogSyncProgressQuery, () => progress);

  if (!resume) {
    const start = await db.startCatalogSync({ tenantId, syncId: progress.syncId, mode });
    if (start.skip) {
      log.info('incremental catalog sync skipped: the first full sync is still running', { tenantId });
      progress.state = 'done';
      tick();
      return progress;
    }
    progress.updatedSince = start.updatedSince;
  }
  let maxUpdatedAt = resume?.maxUpdatedAt ?? null;

  for (let chunks = 0; ; chunks++) {
    if (chunks >= chunksPerRun || workflowInfo().continueAsNewSuggested) {
      log.info('catalog sync continues as new', { tenantId, pages: progress.pages });
      const next: CatalogSyncResume = {
        syncId: progress.syncId,
        startedAt: progress.startedAt,
        cursor: progress.cursor ?? '',
        updatedSince: progress.updatedSince,
        maxUpdatedAt,
        pages: progress.pages,
        seen: progress.seen,
        changed: progress.changed,
        rejected: progress.rejected,
      };
      return continueAsNew<typeof catalogSyncWorkflow>({ ...input, resume: next });
    }
    const chunk = await retailer.syncCatalogChunk({
      tenantId,
      syncId: progress.syncId,
      mode,
      cursor: progress.cursor,
      updatedSince: progress.updatedSince,
      pagesBefore: progress.pages,
      maxPages: Math.max(1, input.pagesPerChunk ?? CHUNK_MAX_PAGES),
      maxMillis: CHUNK_MAX_MILLIS,
      ...(input.connectionRevision === undefined ? {} : { connectionRevision: input.connectionRevision }),
    });
    progress.pages += chunk.pages;
    progress.seen += chunk.seen;
    progress.changed += chunk.changed;
    progress.rejected += chunk.rejected;
    progress.cursor = chunk.nextCursor;
    maxUpdatedAt = later(maxUpdatedAt, chunk.maxUpdatedAt);
    tick();
    if (chunk.nextCursor === null) break;
  }

  const { deactivated } = await db.finishCatalogSync({
    tenantId,
    syncId: progress.syncId,
    mode,
    complete: true,
    watermark: maxUpdatedAt,
    counts: { pages: progress.pages, seen: progress.seen, changed: progress.changed, rejected: progress.rejected },
    startedAt: progress.startedAt,
  });
  progress.deactivated = deactivated;
  progress.state = 'done';
  tick();
  log.info('catalog sync done', { tenantId, mode, pages: progress.pages, seen: progress.seen, changed: progress.changed, deactivated });
  return progress;
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}
