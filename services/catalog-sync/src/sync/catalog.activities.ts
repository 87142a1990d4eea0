import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CatalogActivities,
  CatalogErrors,
  type CatalogPageResult,
  eventKey,
  type ProductChangedV1,
  Topics,
} from '@looma-hub/contracts';
import { OutboxWriter, withHeartbeat } from '@looma-hub/platform';
import { DomainError } from '@looma-hub/domain';
import { DataSource } from 'typeorm';
import { CATALOG_CONFIG, type CatalogConfig } from '../config';
import { type CatalogProduct, InvalidProductError, latestPerProduct, normalizeRetailerProduct } from '../product/domain/product';
import { type ChangedProduct, ProductStore } from '../product/product.store';
import { RetailerConnectionService } from '../retailer/retailer-connection.service';
import { SyncStateService } from './sync-state.service';

/** The catalog service's activities (task queue `catalog`). Each one is safe to retry. */
@Injectable()
export class CatalogActivitiesService implements CatalogActivities {
  private readonly logger = new Logger(CatalogActivitiesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly products: ProductStore,
    private readonly state: SyncStateService,
    private readonly connections: RetailerConnectionService,
    private readonly outbox: OutboxWriter,
    @Inject(CATALOG_CONFIG) private readonly config: Pick<CatalogConfig, 'CATALOG_SYNC_PAGE_SIZE'>,
  ) {}

  async loadSyncWatermark(input: { tenantId: string }): Promise<string | null> {
    return (await this.state.watermark(input.tenantId))?.toISOString() ?? null;
  }

  async saveSyncWatermark(input: { tenantId: string; watermark: string }): Promise<void> {
    const at = new Date(input.watermark);
    if (Number.isNaN(at.getTime())) throw new DomainError(CatalogErrors.WatermarkInvalid, `not a timestamp: ${input.watermark}`);
    await this.state.advanceWatermark(input.tenantId, at);
  }

  /**
   * One page: pull it, upsert it in one statement, and write one `product-changed` event per row that really
   * changed, all in one transaction. A retry after a crash re-pulls the same page (same cursor) and finds
   * nothing left to change, so it emits nothing twice.
   */
  async syncCatalogPage(input: {
    tenantId: string;
    cursor: string | null;
    updatedSince: string | null;
    connectionRevision?: number;
  }): Promise<CatalogPageResult> {
    // Heartbeats while the retailer answers: a page may take its time, a dead worker is noticed in seconds.
    const page = await withHeartbeat(
      this.connections.withClient(
        input.tenantId,
        (client) =>
          client.listProducts({ cursor: input.cursor, limit: this.config.CATALOG_SYNC_PAGE_SIZE, updatedSince: input.updatedSince }),
        input.connectionRevision === undefined ? {} : { minRevision: input.connectionRevision },
      ),
    );
    const valid: CatalogProduct[] = [];
    for (const item of page.items) {
      try {
        valid.push(normalizeRetailerProduct(item));
      } catch (err) {
        // One malformed product must not stall the tenant's whole catalog: skip it loudly, keep the rest.
        if (!(err instanceof InvalidProductError)) throw err;
        this.logger.warn({ tenantId: input.tenantId, productId: err.externalId, field: err.field }, err.message);
      }
    }
    const products = latestPerProduct(valid);
    const fullSyncDone = input.updatedSince === null && page.nextCursor === null;
    const changed = await this.dataSource.transaction(async (m) => {
      const rows = await this.products.upsertBatch(m, input.tenantId, products);
      for (const row of rows) {
        await this.outbox.enqueue(m, {
          topic: Topics.productChanged,
          tenantId: input.tenantId,
          key: eventKey(input.tenantId, row.id),
          subject: row.id,
          data: productChanged(row),
        });
      }
      await this.state.recordPage(m, input.tenantId, fullSyncDone);
      return rows.length;
    });
    const maxUpdatedAt = products.reduce<Date | null>(
      (max, p) => (max === null || p.sourceUpdatedAt.getTime() > max.getTime() ? p.sourceUpdatedAt : max),
      null,
    );
    if (changed) this.logger.log({ tenantId: input.tenantId, fetched: page.items.length, changed }, 'catalog page stored');
    return { fetched: page.items.length, changed, nextCursor: page.nextCursor, maxUpdatedAt: maxUpdatedAt?.toISOString() ?? null };
  }

  /** Binds the methods so Temporal can call them as plain functions. */
  asActivities(): CatalogActivities {
    return {
      loadSyncWatermark: this.loadSyncWatermark.bind(this),
      syncCatalogPage: this.syncCatalogPage.bind(this),
      saveSyncWatermark: this.saveSyncWatermark.bind(this),
    };
  }
}

export function productChanged(p: ChangedProduct): ProductChangedV1 {
  return {
    productId: p.id,
    externalId: p.externalId,
    change: p.change,
    sku: p.sku,
    barcode: p.barcode,
    name: p.name,
    description: p.description,
    manufacturer: p.manufacturer,
    category: p.category,
    priceCents: p.priceCents,
    promoPriceCents: p.promoPriceCents,
    promoStart: p.promoStart?.toISOString() ?? null,
    promoEnd: p.promoEnd?.toISOString() ?? null,
    stock: p.stock,
    active: p.active,
    contentHash: p.contentHash,
    sourceUpdatedAt: p.sourceUpdatedAt.toISOString(),
    occurredAt: new Date().toISOString(),
  };
}
