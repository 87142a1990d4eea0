import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const bigintNumber = { to: (v: number) => v, from: (v: string) => Number(v) };

/**
 * A sync in progress. Each stored page moves `cursor` and the chunk's counts in the page's own transaction, so a
 * retried chunk (a worker died, the retailer went away) resumes after the last stored page with exact counts. A full
 * sync also has a seen-set: an unlogged table of the product ids it saw (`seen_table`, cheap to fill), checked
 * against `seen` (counted in the same transactions) before the unseen are deactivated — a database crash that
 * empties the unlogged table is caught, never taken for "every product is gone".
 */
@Entity({ name: 'sync_run' })
@Index('sync_run_tenant_idx', ['tenantId'])
export class SyncRunEntity {
  @PrimaryColumn('uuid')
  syncId!: string;

  @Column('text')
  tenantId!: string;

  @Column('text')
  mode!: 'full' | 'incremental';

  /** The cursor the current chunk started from (null: the first page). */
  @Column('text', { nullable: true })
  chunkCursor!: string | null;

  /** The cursor after the last stored page (null with chunkDone: the last page was stored). */
  @Column('text', { nullable: true })
  cursor!: string | null;

  @Column('int', { default: 0 })
  chunkPages!: number;

  @Column('int', { default: 0 })
  chunkSeen!: number;

  @Column('int', { default: 0 })
  chunkChanged!: number;

  @Column('int', { default: 0 })
  chunkRejected!: number;

  @Column('timestamptz', { nullable: true })
  chunkMaxUpdatedAt!: Date | null;

  @Column('boolean', { default: false })
  chunkDone!: boolean;

  @Column('text', { nullable: true })
  seenTable!: string | null;

  @Column('bigint', { default: 0, transformer: bigintNumber })
  seen!: number;

  @Column('timestamptz', { default: () => 'now()' })
  startedAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt!: Date;
}
