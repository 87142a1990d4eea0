import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a finished sync leaves behind (shown by the admin API until the next one ends). */
export interface LastSyncSummary {
  syncId: string;
  mode: 'full' | 'incremental';
  complete: boolean;
  pages: number;
  seen: number;
  changed: number;
  rejected: number;
  deactivated: number;
  startedAt: string;
  finishedAt: string;
  /** Why a part of it did not happen (e.g. deactivation skipped). */
  note?: string;
}

/** Per tenant: where incremental syncs resume, how often they run, how the last one went, whether the retailer answers. */
@Entity({ name: 'sync_state' })
export class SyncStateEntity {
  @PrimaryColumn('text')
  tenantId!: string;

  /** Highest retailer `updatedAt` seen by a completed sync; incremental syncs ask for `updatedSince` this (minus an overlap). */
  @Column('timestamptz', { nullable: true })
  watermark!: Date | null;

  /** When a sync last walked the whole catalog (no updatedSince) to its last page. */
  @Column('timestamptz', { nullable: true })
  lastFullSyncAt!: Date | null;

  /** When any sync last stored a page. */
  @Column('timestamptz', { nullable: true })
  lastRunAt!: Date | null;

  /** The tenant's schedule interval; null: CATALOG_SYNC_INTERVAL_MINUTES. */
  @Column('int', { nullable: true })
  intervalMinutes!: number | null;

  /** `degraded` while the retailer fails (down, slow, refusing): the last good data keeps being served. */
  @Column('text', { default: 'ok' })
  health!: 'ok' | 'degraded';

  @Column('timestamptz', { nullable: true })
  degradedSince!: Date | null;

  @Column('text', { nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { nullable: true })
  lastErrorAt!: Date | null;

  @Column('jsonb', { nullable: true })
  lastSync!: LastSyncSummary | null;
}
