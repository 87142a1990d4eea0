import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CatalogChunkInput,
  CatalogChunkResult,
  CatalogDbActivities,
  CatalogRetailerActivities,
  CatalogSyncFinish,
  CatalogSyncMode,
  CatalogSyncStart,
} from '@looma-hub/contracts';
import { PartnerError, type RetailerItemsPage } from '@looma-hub/connectors';
import { withHeartbeat } from '@looma-hub/platform';
import { Context } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import { CATALOG_CONFIG, type CatalogConfig } from '../config';
import { fromRetailerProduct } from '../product/domain/catalog-product';
import { readRetailerItems } from '../product/domain/retailer-items';
import { RetailerConnectionService } from '../retailer/retailer-connection.service';
import { CatalogWriter } from './catalog-writer';
import { type ChunkState, SyncRuns, seenTableOf } from './sync-runs';
import { SyncStateService } from './sync-state.service';

/**
 * Incremental syncs ask for products updated since the watermark minus this margin: a retailer whose `updatedAt` is
 * stamped before its transaction commits may show a change late. Re-reading a minute of changes costs nothing
 * (unchanged content is neither written nor announced).
 */
export const WATERMARK_OVERLAP_MS = 60_000;

/** The catalog sync's activities (task queue `catalog`). Each one is safe to retry. */
@Injectable()
export class CatalogActivitiesService implements CatalogDbActivities, CatalogRetailerActivities {
  private readonly logger = new Logger(CatalogActivitiesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writer: CatalogWriter,
    private readonly state: SyncStateService,
    private readonly runs: SyncRuns,
    private readonly connections: RetailerConnectionService,
    @Inject(CATALOG_CONFIG) private readonly config: Pick<CatalogConfig, 'CATALOG_SYNC_PAGE_SIZE'>,
  ) {}

  async startCatalogSync(input: { tenantId: string; syncId: string; mode: CatalogSyncMode }): Promise<CatalogSyncStart> {
    if (input.mode === 'incremental') {
      const watermark = await this.state.watermark(input.tenantId);
      // Never synced and a full sync under way (the one a new connection starts): it will bring everything.
      if (watermark === null && (await this.runs.fullRunning(input.tenantId))) return { updatedSince: null, skip: true };
      await this.runs.begin(input.tenantId, input.syncId, input.mode);
      return { updatedSince: watermark ? new Date(watermark.getTime() - WATERMARK_OVERLAP_MS).toISOString() : null, skip: false };
    }
    await this.runs.begin(input.tenantId, input.syncId, input.mode);
    return { updatedSince: null, skip: false };
  }

  /**
   * Pages from the retailer until the cursor runs out, `maxPages` or `maxMillis`: each page read (the next one fetched
   * while this one is stored), sorted into valid products and quarantined items, and stored in one transaction; then
   * the chunk's position is written with the page, so a retry resumes after the last stored page with exact counts. A
   * retailer that fails marks the tenant degraded (its last good data is still served) and the attempt fails for
   * Temporal to retry with backoff.
   */
  async syncCatalogChunk(input: CatalogChunkInput): Promise<CatalogChunkResult> {
    const ctx = Context.current();
    let progress: ChunkState = await this.runs.openChunk(input.syncId, input.cursor);
    if (progress.done) return result(progress);
    const seenTable = input.mode === 'full' ? seenTableOf(input.syncId) : null;
    const deadline = Date.now() + input.maxMillis;
    let pending = this.fetch(input, progress.cursor);
    for (;;) {
      const page = await withHeartbeat(pending);
      const more = page.nextCursor !== null && progress.pages + 1 < input.maxPages && Date.now() < deadline;
      // The next page travels while this one is stored.
      if (more) pending = this.fetch(input, page.nextCursor);
      const read = readRetailerItems(page.items);
      const products = read.products.map((p) => fromRetailerProduct(input.tenantId, p));
      const ref = `page ${input.pagesBefore + progress.pages + 1}, cursor ${progress.cursor ?? '(first page)'}`;
      const newest = products.reduce<number | null>((max, p) => Math.max(max ?? 0, p.sourceUpdatedAt.getTime()), null);
      const before = progress;
      const stored = await withHeartbeat(
        this.writer.store({
          tenantId: input.tenantId,
          products,
          rejected: read.rejected,
          source: { source: 'pull', ref, syncId: input.syncId },
          sync: {
            syncId: input.syncId,
            seenTable,
            next: (changed) => ({
              cursor: page.nextCursor,
              done: page.nextCursor === null,
              pages: before.pages + 1,
              seen: before.seen + page.items.length,
              changed: before.changed + changed,
              rejected: before.rejected + read.rejected.length,
              maxUpdatedAt: later(before.maxUpdatedAt, newest === null ? null : new Date(newest).toISOString()),
            }),
          },
        }),
      );
      progress = stored.state ?? before;
      ctx.heartbeat();
      if (read.rejected.length) {
        this.logger.warn(
          { tenantId: input.tenantId, rejected: read.rejected.length, reasons: [...new Set(read.rejected.map((r) => r.reason))] },
          'retailer items quarantined',
        );
      }
      if (!more) return result(progress);
    }
  }

  async finishCatalogSync(input: CatalogSyncFinish): Promise<{ deactivated: number }> {
    return this.dataSource.transaction(async (m) => {
      const { deactivated, skipped } = await this.runs.finish(m, input.tenantId, input.syncId, input.complete);
      if (input.complete && input.watermark) await this.state.advanceWatermark(m, input.tenantId, new Date(input.watermark));
      await this.state.recordFinished(m, input.tenantId, {
        syncId: input.syncId,
        mode: input.mode,
        complete: input.complete,
        ...input.counts,
        deactivated,
        startedAt: input.startedAt,
        finishedAt: new Date().toISOString(),
        ...(skipped ? { note: skipped } : {}),
      });
      this.logger.log(
        { tenantId: input.tenantId, syncId: input.syncId, mode: input.mode, ...input.counts, deactivated },
        'catalog sync finished',
      );
      return { deactivated };
    });
  }

  /** Starts reading a page; a failure marks the tenant degraded. */
  private fetch(input: CatalogChunkInput, cursor: string | null): Promise<RetailerItemsPage> {
    const promise = this.connections
      .withClient(
        input.tenantId,
        (client) => client.listProducts({ cursor, limit: this.config.CATALOG_SYNC_PAGE_SIZE, updatedSince: input.updatedSince }),
        input.connectionRevision === undefined ? {} : { minRevision: input.connectionRevision },
      )
      .catch(async (err: unknown) => {
        if (err instanceof PartnerError) await this.state.markDegraded(input.tenantId, err.message).catch(() => undefined);
        throw err;
      });
    // A prefetched page nobody awaits (the attempt failed storing the one before) must not crash the worker as an
    // unhandled rejection; whoever awaits it still gets the error.
    promise.catch(() => undefined);
    return promise;
  }

  /** Binds the methods so Temporal can call them as plain functions. */
  asActivities(): CatalogDbActivities & CatalogRetailerActivities {
    return {
      startCatalogSync: this.startCatalogSync.bind(this),
      syncCatalogChunk: this.syncCatalogChunk.bind(this),
      finishCatalogSync: this.finishCatalogSync.bind(this),
    };
  }
}

function result(p: ChunkState): CatalogChunkResult {
  return { nextCursor: p.cursor, pages: p.pages, seen: p.seen, changed: p.changed, rejected: p.rejected, maxUpdatedAt: p.maxUpdatedAt };
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}
