import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Per tenant: where incremental syncs resume (the retailer's updatedAt watermark) and when syncs ran. */
@Entity({ name: 'sync_state' })
export class SyncStateEntity {
  @PrimaryColumn('text')
  tenantId!: string;

  /** Highest retailer `updatedAt` seen by a completed sync; incremental syncs ask for `updatedSince` this. */
  @Column('timestamptz', { nullable: true })
  watermark!: Date | null;

  /** When a sync last walked the whole catalog (no updatedSince) to its last page. */
  @Column('timestamptz', { nullable: true })
  lastFullSyncAt!: Date | null;

  /** When any sync last stored a page. */
  @Column('timestamptz', { nullable: true })
  lastRunAt!: Date | null;
}
