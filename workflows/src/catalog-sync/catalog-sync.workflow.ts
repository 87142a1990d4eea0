import { CATALOG_SYNC_PROGRESS_QUERY, type CatalogActivities, type CatalogSyncInput, type CatalogSyncProgress } from '@looma-hub/contracts';
import { continueAsNew, defineQuery, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { ActivityPresets } from '../shared/activity-presets';

// The activities run on the workflow's own task queue (`catalog`): this saga never leaves the catalog service,
// and a test run on a queue of its own stays there.
const db = proxyActivities<CatalogActivities>(ActivityPresets.database);
// A page is one retailer call (its own timeout, up to 60 s per tenant connection) plus one batch upsert.
const retailer = proxyActivities<CatalogActivities>({ ...ActivityPresets.partner, startToCloseTimeout: '2m' });

export const catalogSyncProgressQuery = defineQuery<CatalogSyncProgress>(CATALOG_SYNC_PROGRESS_QUERY);

/** Pages one run walks before continuing as new, so a huge catalog never grows one history without bound. */
export const CATALOG_SYNC_PAGES_PER_RUN = 100;

/**
 * Incremental syncs ask for products updated since the watermark minus this margin: a retailer whose
 * `updatedAt` is stamped before its transaction commits may show a change late. Re-reading a minute of
 * changes costs nothing (unchanged content is neither written nor emitted).
 */
export const WATERMARK_OVERLAP_MS = 60_000;

/** Where a continued run picks up; callers start with `CatalogSyncInput` only. */
export interface CatalogSyncResume {
  cursor: string;
  updatedSince: string | null;
  maxUpdatedAt: string | null;
  pages: number;
  fetched: number;
  changed: number;
}

export interface CatalogSyncWorkflowInput extends CatalogSyncInput {
  /** Set by the workflow itself when it continues as new. */
  resume?: CatalogSyncResume;
  /** Overrides CATALOG_SYNC_PAGES_PER_RUN (tests). */
  pagesPerRun?: number;
}

/**
 * Pulls a tenant's catalog from its retailer page by page until the cursor runs out. `full` walks everything;
 * `incremental` asks only for what changed since the last completed sync's watermark. Each page is one
 * activity that upserts the page and emits product-changed events for real changes only. The watermark
 * moves (forward only) once the last page is stored, so a failed sync is simply redone next time.
 */
export async function catalogSyncWorkflow(input: CatalogSyncWorkflowInput): Promise<CatalogSyncProgress> {
  const { tenantId, mode, resume } = input;
  const pagesPerRun = Math.max(1, input.pagesPerRun ?? CATALOG_SYNC_PAGES_PER_RUN);
  const progress: CatalogSyncProgress = {
    pages: resume?.pages ?? 0,
    fetched: resume?.fetched ?? 0,
    changed: resume?.changed ?? 0,
    cursor: resume?.cursor ?? null,
    done: false,
  };
  setHandler(catalogSyncProgressQuery, () => progress);

  const updatedSince = resume ? resume.updatedSince : mode === 'incremental' ? since(await db.loadSyncWatermark({ tenantId })) : null;
  let maxUpdatedAt = resume?.maxUpdatedAt ?? null;
  let pagesThisRun = 0;

  for (;;) {
    const page = await retailer.syncCatalogPage({
      tenantId,
      cursor: progress.cursor,
      updatedSince,
      ...(input.connectionRevision === undefined ? {} : { connectionRevision: input.connectionRevision }),
    });
    progress.pages += 1;
    progress.fetched += page.fetched;
    progress.changed += page.changed;
    progress.cursor = page.nextCursor;
    maxUpdatedAt = later(maxUpdatedAt, page.maxUpdatedAt);
    pagesThisRun += 1;
    if (page.nextCursor === null) break;
    if (pagesThisRun >= pagesPerRun || workflowInfo().continueAsNewSuggested) {
      log.info('catalog sync continues as new', { tenantId, pages: progress.pages });
      const next: CatalogSyncResume = {
        cursor: page.nextCursor,
        updatedSince,
        maxUpdatedAt,
        pages: progress.pages,
        fetched: progress.fetched,
        changed: progress.changed,
      };
      return continueAsNew<typeof catalogSyncWorkflow>({ ...input, resume: next });
    }
  }

  if (maxUpdatedAt !== null) await db.saveSyncWatermark({ tenantId, watermark: maxUpdatedAt });
  progress.done = true;
  log.info('catalog sync done', { tenantId, mode, pages: progress.pages, fetched: progress.fetched, changed: progress.changed });
  return progress;
}

function since(watermark: string | null): string | null {
  if (watermark === null) return null;
  const at = Date.parse(watermark);
  return Number.isNaN(at) ? null : new Date(at - WATERMARK_OVERLAP_MS).toISOString();
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}
