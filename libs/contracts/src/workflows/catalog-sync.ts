export const CATALOG_SYNC_WORKFLOW = 'catalogSyncWorkflow';
export const CATALOG_SYNC_PROGRESS_QUERY = 'progress';

export interface CatalogSyncInput {
  tenantId: string;
  /** full: every product; incremental: only those updated since the last successful sync. */
  mode: 'full' | 'incremental';
  /** The retailer connection's revision the sync must use at least (a sync started for a change of it). */
  connectionRevision?: number;
}

export interface CatalogSyncProgress {
  pages: number;
  fetched: number;
  changed: number;
  cursor: string | null;
  done: boolean;
}

export interface CatalogPageResult {
  fetched: number;
  changed: number;
  nextCursor: string | null;
  maxUpdatedAt: string | null;
}

export interface CatalogActivities {
  /** Where the last successful incremental sync ended (an updatedSince watermark), or null. */
  loadSyncWatermark(input: { tenantId: string }): Promise<string | null>;
  /** Pulls one page from the retailer and upserts it; only real changes (content hash) count and emit events. */
  syncCatalogPage(input: {
    tenantId: string;
    cursor: string | null;
    updatedSince: string | null;
    connectionRevision?: number;
  }): Promise<CatalogPageResult>;
  saveSyncWatermark(input: { tenantId: string; watermark: string }): Promise<void>;
}
