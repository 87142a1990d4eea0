import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type LastSyncSummary, SyncStateEntity } from './sync-state.entity';

/** The per-tenant sync bookkeeping (`catalog.sync_state`): watermark, health, last result, schedule interval. */
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
  async advanceWatermark(m: EntityManager, tenantId: string, watermark: Date): Promise<void> {
    await m.query(
      `INSERT INTO "catalog"."sync_state" AS s (tenant_id, watermark) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET watermark = GREATEST(s.watermark, EXCLUDED.watermark)`,
      [tenantId, watermark],
    );
  }

  /** A page was stored (in its transaction): the retailer answers, so the tenant is healthy again. */
  async recordPage(m: EntityManager, tenantId: string): Promise<void> {
    await m.query(
      `INSERT INTO "catalog"."sync_state" AS s (tenant_id, last_run_at) VALUES ($1, now())
       ON CONFLICT (tenant_id) DO UPDATE SET last_run_at = now(), health = 'ok', degraded_since = NULL`,
      [tenantId],
    );
  }

  /** The retailer failed (down, slow, refusing): the catalog keeps serving its last good data, shown as degraded. */
  async markDegraded(tenantId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "catalog"."sync_state" AS s (tenant_id, health, degraded_since, last_error, last_error_at)
       VALUES ($1, 'degraded', now(), $2, now())
       ON CONFLICT (tenant_id) DO UPDATE SET health = 'degraded', degraded_since = COALESCE(s.degraded_since, now()),
         last_error = EXCLUDED.last_error, last_error_at = now()`,
      [tenantId, error.slice(0, 1_000)],
    );
  }

  async recordFinished(m: EntityManager, tenantId: string, summary: LastSyncSummary): Promise<void> {
    const fullDone = summary.mode === 'full' && summary.complete;
    await m.query(
      `INSERT INTO "catalog"."sync_state" AS s (tenant_id, last_sync, last_full_sync_at) VALUES ($1, $2, CASE WHEN $3::boolean THEN now() END)
       ON CONFLICT (tenant_id) DO UPDATE SET last_sync = EXCLUDED.last_sync,
         last_full_sync_at = CASE WHEN $3::boolean THEN now() ELSE s.last_full_sync_at END`,
      [tenantId, JSON.stringify(summary), fullDone],
    );
  }

  /** The tenant's own schedule interval (null: the service default). */
  async setInterval(tenantId: string, minutes: number | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "catalog"."sync_state" AS s (tenant_id, interval_minutes) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET interval_minutes = EXCLUDED.interval_minutes`,
      [tenantId, minutes],
    );
  }
}
