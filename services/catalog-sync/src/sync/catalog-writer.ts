import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CatalogProduct } from '../product/domain/catalog-product';
import type { RejectedItem } from '../product/domain/retailer-items';
import { ProductStore } from '../product/product.store';
import { type QuarantineSource, QuarantineStore } from '../quarantine/quarantine.store';
import { SearchVocabulary } from '../search/search-vocabulary';
import { type ChunkState, SyncRuns } from './sync-runs';
import { SyncStateService } from './sync-state.service';

export interface CatalogBatch {
  tenantId: string;
  products: CatalogProduct[];
  rejected: RejectedItem[];
  source: QuarantineSource;
  /**
   * A pulled page: its sync, where the sync stands once the page is stored (written in the same transaction), and
   * for a full sync its seen-set (the page's products go in, counted).
   */
  sync?: { syncId: string; next: (changed: number) => ChunkState; seenTable: string | null };
}

export interface StoredBatch {
  changed: number;
  /** Where the sync stands after this page (with `batch.sync`). */
  state?: ChunkState;
  /** To run once the transaction committed (what this process may remember about it). */
  afterCommit: () => void;
}

/**
 * The one write path of retailer data, shared by pulled pages and pushed events: in one transaction the valid
 * products are upserted (only real changes written and fed to product-changed), the bad ones quarantined and the
 * now-valid ones released from it, the words added to the typo vocabulary, a full sync's seen-set grown, and the
 * tenant marked healthy (its retailer answers).
 */
@Injectable()
export class CatalogWriter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly products: ProductStore,
    private readonly quarantine: QuarantineStore,
    private readonly vocabulary: SearchVocabulary,
    private readonly state: SyncStateService,
    private readonly runs: SyncRuns,
  ) {}

  /** In a transaction of its own. */
  async store(batch: CatalogBatch): Promise<Omit<StoredBatch, 'afterCommit'>> {
    const stored = await this.dataSource.transaction((m) => this.storeIn(m, batch));
    stored.afterCommit();
    return stored.state ? { changed: stored.changed, state: stored.state } : { changed: stored.changed };
  }

  /** In the caller's transaction (a consumer's, with its dedupe rows). */
  async storeIn(m: EntityManager, batch: CatalogBatch): Promise<StoredBatch> {
    const { tenantId } = batch;
    const seenTable = batch.sync?.seenTable;
    const changed = await this.products.upsert(m, tenantId, batch.products, seenTable ? { seenTable } : {});
    // Released first: a product stored valid leaves the quarantine, but what this very batch rejects (an older
    // duplicate of it) stays.
    await this.quarantine.release(
      m,
      tenantId,
      batch.products.map((p) => p.externalId),
    );
    await this.quarantine.record(m, tenantId, batch.rejected, batch.source);
    const afterCommit = changed ? await this.vocabulary.add(m, tenantId, batch.products) : () => undefined;
    let state: ChunkState | undefined;
    if (batch.sync) {
      state = batch.sync.next(changed);
      await this.runs.advance(m, batch.sync.syncId, state);
      if (seenTable)
        await m.query(`UPDATE "catalog"."sync_run" SET seen = seen + $2 WHERE sync_id = $1`, [batch.sync.syncId, batch.products.length]);
    }
    await this.state.recordPage(m, tenantId);
    return state ? { changed, afterCommit, state } : { changed, afterCommit };
  }
}
