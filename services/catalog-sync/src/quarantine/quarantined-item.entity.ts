import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A retailer item kept out of the catalog, with the reason and where it came from (a page's cursor, a Kafka offset).
 * One row per item and reason: seen again, it counts an occurrence; stored valid later, it leaves.
 */
@Entity({ name: 'quarantined_item' })
@Index('quarantined_item_product_idx', ['tenantId', 'externalId'])
export class QuarantinedItemEntity {
  @PrimaryColumn('text')
  tenantId!: string;

  /** The retailer's id, or `sha:<digest>` of the item when it has none. */
  @PrimaryColumn('text')
  itemKey!: string;

  @PrimaryColumn('text')
  reason!: string;

  @Column('text', { nullable: true })
  externalId!: string | null;

  @Column('text', { nullable: true })
  field!: string | null;

  @Column('text')
  message!: string;

  /** The item as received, cut to 2 KB. */
  @Column('text')
  excerpt!: string;

  @Column('int')
  bytes!: number;

  /** `pull` (a page of a sync) or `push` (a Kafka event). */
  @Column('text')
  source!: string;

  /** The page (`page 12, cursor …`) or event (`retailer.catalog.v1/2@5531`) it came in. */
  @Column('text', { nullable: true })
  sourceRef!: string | null;

  @Column('uuid', { nullable: true })
  syncId!: string | null;

  @Column('int', { default: 1 })
  occurrences!: number;

  @Column('timestamptz', { default: () => 'now()' })
  firstSeenAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  lastSeenAt!: Date;
}
