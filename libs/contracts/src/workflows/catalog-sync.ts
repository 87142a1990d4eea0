export const CATALOG_SYNC_WORKFLOW = 'catalogSyncWorkflow';
export const CATALOG_SYNC_PROGRESS_QUERY = 'progress';

export type CatalogSyncMode = 'full' | 'incremental';

export interface CatalogSyncInput {
  tenantId: string;
  /** full: every product (those missing are then deactivated); incremental: only those updated since the last sync. */
  mode: CatalogSyncMode;
  /** The retailer connection's revision the sync must use at least (a sync started for a change of it). */
  connectionRevision?: number;
}

/** What one sync has done so far; the workflow's `progress` query answers it, and its result is the final one. */
export interface CatalogSyncCounts {
  /** Retailer pages read. */
  pages: number;
  /** Products the retailer sent (valid or not). */
  seen: number;
  /** Products whose stored content really changed (each emitted one product-changed event). */
  changed: number;
  /** Products quarantined: bad data, kept out of the catalog with the reason (the rest of their page applied). */
  rejected: number;
  /** Products a full sync did not see and so marked inactive. */
  deactivated: number;
}

export interface CatalogSyncProgress extends CatalogSyncCounts {
  syncId: string;
  mode: CatalogSyncMode;
  state: 'running' | 'done';
  startedAt: string;
  /** Milliseconds since the sync started (as of the last step the workflow took). */
  elapsedMs: number;
  /** Where the next page starts (the retailer's opaque cursor), null before the first page and at the end. */
  cursor: string | null;
  /** Incremental syncs ask for products updated since this instant. */
  updatedSince: string | null;
}

export interface CatalogSyncStart {
  /** null for a full sync, or an incremental sync of a tenant never synced (which then reads everything). */
  updatedSince: string | null;
  /** Nothing to do: an incremental sync of a tenant whose first full sync is still running. */
  skip: boolean;
}

export interface CatalogChunkInput {
  tenantId: string;
  syncId: string;
  mode: CatalogSyncMode;
  cursor: string | null;
  updatedSince: string | null;
  connectionRevision?: number;
  /** Pages the sync read before this chunk (to name a quarantined item's page). */
  pagesBefore: number;
  /** The activity returns after this many pages or this long, whichever first, so progress shows and history stays small. */
  maxPages: number;
  maxMillis: number;
}

export interface CatalogChunkResult extends Omit<CatalogSyncCounts, 'deactivated'> {
  nextCursor: string | null;
  /** The highest retailer updatedAt among the valid products seen (the next incremental sync's watermark). */
  maxUpdatedAt: string | null;
}

export interface CatalogSyncFinish {
  tenantId: string;
  syncId: string;
  mode: CatalogSyncMode;
  /** The walk reached the retailer's last page. */
  complete: boolean;
  watermark: string | null;
  counts: Omit<CatalogSyncCounts, 'deactivated'>;
  startedAt: string;
}

/** Catalog activities that touch only the hub's database (short timeouts). */
export interface CatalogDbActivities {
  /** Records the sync as running and says where an incremental one starts; a full sync gets its seen-set ready. */
  startCatalogSync(input: { tenantId: string; syncId: string; mode: CatalogSyncMode }): Promise<CatalogSyncStart>;
  /** A completed full sync deactivates what it did not see; every sync moves the watermark (forward only) and is recorded. */
  finishCatalogSync(input: CatalogSyncFinish): Promise<{ deactivated: number }>;
}

/** Catalog activities that call the retailer (long timeouts, heartbeats, retried with backoff while it is down). */
export interface CatalogRetailerActivities {
  /**
   * Pulls pages from the retailer and stores them: valid products upserted in batches (only real changes written and
   * announced), bad ones quarantined. Heartbeats its cursor, so a retry resumes after the last stored page.
   */
  syncCatalogChunk(input: CatalogChunkInput): Promise<CatalogChunkResult>;
}
