import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CatalogSyncMode } from '@looma-hub/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { ProductStore } from '../product/product.store';

/** `full_sync_seen_<sync id, hex>`: a name derived from the id, safe as an identifier. */
export function seenTableOf(syncId: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(syncId)) throw new Error(`not a sync id: ${syncId}`);
  return `full_sync_seen_${syncId.replace(/-/g, '').toLowerCase()}`;
}

/** Where a chunk stands: resumed by a retried attempt, moved by every stored page. */
export interface ChunkState {
  cursor: string | null;
  pages: number;
  seen: number;
  changed: number;
  rejected: number;
  maxUpdatedAt: string | null;
  done: boolean;
}

interface RunRow {
  chunk_cursor: string | null;
  cursor: string | null;
  chunk_pages: number;
  chunk_seen: number;
  chunk_changed: number;
  chunk_rejected: number;
  chunk_max_updated_at: Date | null;
  chunk_done: boolean;
}

/** The bookkeeping of syncs in progress (`catalog.sync_run`), and full syncs' seen-sets. */
@Injectable()
export class SyncRuns {
  private readonly logger = new Logger(SyncRuns.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly products: ProductStore,
  ) {}

  /** Records the sync as running; a full sync gets its seen-set. Idempotent: a retried start finds its own row. */
  async begin(tenantId: string, syncId: string, mode: CatalogSyncMode): Promise<void> {
    const table = mode === 'full' ? seenTableOf(syncId) : null;
    await this.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL client_min_messages = warning`);
      if (table) await m.query(`CREATE UNLOGGED TABLE IF NOT EXISTS "catalog"."${table}" (id uuid NOT NULL)`);
      await m.query(
        `INSERT INTO "catalog"."sync_run" (sync_id, tenant_id, mode, seen_table) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [syncId, tenantId, mode, table],
      );
    });
  }

  /**
   * The chunk starting at `cursor`: resumed where an earlier attempt of it got to, or opened afresh (the previous
   * chunk's counts are the workflow's now).
   */
  async openChunk(syncId: string, cursor: string | null): Promise<ChunkState> {
    const [row] = (await this.dataSource.query(
      `SELECT chunk_cursor, cursor, chunk_pages, chunk_seen, chunk_changed, chunk_rejected, chunk_max_updated_at, chunk_done
         FROM "catalog"."sync_run" WHERE sync_id = $1`,
      [syncId],
    )) as RunRow[];
    if (!row) throw new Error(`sync ${syncId} was never started (startCatalogSync)`);
    const sameChunk = row.chunk_cursor === cursor && (row.chunk_pages > 0 || row.chunk_done);
    if (sameChunk) {
      return {
        cursor: row.cursor,
        pages: row.chunk_pages,
        seen: row.chunk_seen,
        changed: row.chunk_changed,
        rejected: row.chunk_rejected,
        maxUpdatedAt: row.chunk_max_updated_at?.toISOString() ?? null,
        done: row.chunk_done,
      };
    }
    await this.dataSource.query(
      `UPDATE "catalog"."sync_run" SET chunk_cursor = $2, cursor = $2, chunk_pages = 0, chunk_seen = 0, chunk_changed = 0,
              chunk_rejected = 0, chunk_max_updated_at = NULL, chunk_done = false, updated_at = now() WHERE sync_id = $1`,
      [syncId, cursor],
    );
    return { cursor, pages: 0, seen: 0, changed: 0, rejected: 0, maxUpdatedAt: null, done: false };
  }

  /** A stored page moves the chunk on, in the page's transaction. */
  async advance(m: EntityManager, syncId: string, state: ChunkState): Promise<void> {
    await m.query(
      `UPDATE "catalog"."sync_run" SET cursor = $2, chunk_pages = $3, chunk_seen = $4, chunk_changed = $5, chunk_rejected = $6,
              chunk_max_updated_at = $7, chunk_done = $8, updated_at = now() WHERE sync_id = $1`,
      [syncId, state.cursor, state.pages, state.seen, state.changed, state.rejected, state.maxUpdatedAt, state.done],
    );
  }

  /** Whether a full sync of the tenant started in the last `withinHours` and has not ended. */
  async fullRunning(tenantId: string, withinHours = 6): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM "catalog"."sync_run" WHERE tenant_id = $1 AND mode = 'full' AND started_at > now() - make_interval(hours => $2) LIMIT 1`,
      [tenantId, withinHours],
    )) as unknown[];
    return rows.length > 0;
  }

  /**
   * Ends a sync in `m`'s transaction. A full sync that walked to the end with a whole seen-set deactivates every
   * product it did not see; its seen-set goes. Idempotent: a sync already ended does nothing more.
   */
  async finish(m: EntityManager, tenantId: string, syncId: string, complete: boolean): Promise<{ deactivated: number; skipped?: string }> {
    const [row] = (await m.query(`SELECT mode, seen_table, seen FROM "catalog"."sync_run" WHERE sync_id = $1 FOR UPDATE`, [syncId])) as {
      mode: CatalogSyncMode;
      seen_table: string | null;
      seen: string;
    }[];
    if (!row) return { deactivated: 0 };
    let deactivated = 0;
    let skipped: string | undefined;
    if (row.mode === 'full' && row.seen_table && complete) {
      const [count] = (await m.query(`SELECT count(*)::bigint AS n FROM "catalog"."${row.seen_table}"`)) as { n: string }[];
      if (Number(count?.n ?? 0) === Number(row.seen)) {
        deactivated = await this.products.deactivateUnseen(m, tenantId, row.seen_table);
      } else {
        // The unlogged seen-set lost rows (a database crash): deactivating now would hide products that exist.
        skipped = `seen-set holds ${count?.n ?? 0} of ${row.seen} products (lost in a database restart): nothing deactivated`;
        this.logger.error({ tenantId, syncId }, skipped);
      }
    }
    await m.query(`DELETE FROM "catalog"."sync_run" WHERE sync_id = $1`, [syncId]);
    if (row.seen_table) await m.query(`DROP TABLE IF EXISTS "catalog"."${row.seen_table}"`);
    return skipped ? { deactivated, skipped } : { deactivated };
  }

  /** Syncs that never ended (terminated, or their tenant purged): their rows and seen-sets dropped. */
  async dropAbandoned(olderThanHours: number, tenantId?: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT sync_id, seen_table FROM "catalog"."sync_run"
        WHERE ($1::text IS NULL AND updated_at < now() - make_interval(hours => $2)) OR tenant_id = $1`,
      [tenantId ?? null, olderThanHours],
    )) as { sync_id: string; seen_table: string | null }[];
    for (const r of rows) {
      await this.dataSource.transaction(async (m) => {
        await m.query(`DELETE FROM "catalog"."sync_run" WHERE sync_id = $1`, [r.sync_id]);
        if (r.seen_table) await m.query(`DROP TABLE IF EXISTS "catalog"."${r.seen_table}"`);
      });
    }
    return rows.length;
  }
}
