import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SyncStateEntity } from './sync-state.entity';

@Injectable()
export class SyncStateService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(tenantId: string): Promise<SyncStateEntity | null> {
    return this.dataSource.getRepository(SyncStateEntity).findOneBy({ tenantId });
  }

  async watermark(tenantId: string): Promise<Date | null> {
    return (await this.get(tenantId))?.watermark ?? null;
  }

  /** Moves the watermark forward only: a late or repeated save never makes the next sync skip changes. */
  async advanceWatermark(tenantId: string, watermark: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "catalog"."sync_state" AS s (tenant_id, watermark) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET watermark = GREATEST(s.watermark, EXCLUDED.watermark)`,
      [tenantId, watermark],
    );
  }

  /** Records that a page was stored (inside the page's transaction); `fullSyncDone` when a full walk ended. */
  async recordPage(manager: EntityManager, tenantId: string, fullSyncDone: boolean): Promise<void> {
    await manager.query(
      `INSERT INTO "catalog"."sync_state" AS s (tenant_id, last_run_at, last_full_sync_at)
       VALUES ($1, now(), CASE WHEN $2::boolean THEN now() END)
       ON CONFLICT (tenant_id) DO UPDATE SET
         last_run_at = now(),
         last_full_sync_at = CASE WHEN $2::boolean THEN now() ELSE s.last_full_sync_at END`,
      [tenantId, fullSyncDone],
    );
  }
}
