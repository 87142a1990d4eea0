import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SearchVocabulary } from '../search/search-vocabulary';
import { SyncRuns } from '../sync/sync-runs';

/** Everything catalog-sync holds of a tenant, gone (tenant deletion). Idempotent. */
@Injectable()
export class TenantCatalogPurge {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly syncRuns: SyncRuns,
    private readonly vocabulary: SearchVocabulary,
  ) {}

  async purge(tenantId: string): Promise<{ products: number }> {
    await this.syncRuns.dropAbandoned(0, tenantId);
    this.vocabulary.forget(tenantId);
    return this.dataSource.transaction(async (m) => {
      const [, products] = (await m.query(`DELETE FROM "catalog"."product" WHERE tenant_id = $1`, [tenantId])) as [unknown, number];
      for (const table of ['sync_state', 'quarantined_item', 'stock_reservation', 'search_term', 'looma_channel']) {
        await m.query(`DELETE FROM "catalog"."${table}" WHERE tenant_id = $1`, [tenantId]);
      }
      return { products };
    });
  }
}
