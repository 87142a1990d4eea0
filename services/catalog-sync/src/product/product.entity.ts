import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const centavos = { to: (v: number) => v, from: (v: string) => Number(v) };
const nullableCentavos = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };
const bigintNumber = { to: (v: number) => v, from: (v: string) => Number(v) };

/**
 * The tenant's catalog as last read from its retailer. Written only by the batch upsert of ProductStore (raw SQL:
 * COPY into a staging table, then one INSERT … ON CONFLICT per batch); this entity describes the table for the
 * schema drift check and typed reads.
 */
@Entity({ name: 'product' })
// GIN over the search document: an index TypeORM cannot describe, created by the migration and left alone here.
@Index('product_search_idx', { synchronize: false })
@Index('product_tenant_name_idx', ['tenantId', 'nameKey', 'id'])
@Index('product_change_feed_idx', ['changeXid', 'changeSeq'])
@Index('product_promo_start_idx', ['promoStart'], { where: 'promo_price_cents IS NOT NULL' })
@Index('product_promo_end_idx', ['promoEnd'], { where: 'promo_price_cents IS NOT NULL' })
export class ProductEntity {
  /** UUID v5 of (tenant, retailer id): see productIdOf. */
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  tenantId!: string;

  @Column('text')
  externalId!: string;

  @Column('text', { nullable: true })
  sku!: string | null;

  @Column('text', { nullable: true })
  ean!: string | null;

  @Column('text')
  name!: string;

  /** The name accent- and case-folded (searchKey), in byte order: name sorting, prefix matches. */
  @Column({ type: 'text', collation: 'C' })
  nameKey!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('text', { nullable: true })
  manufacturer!: string | null;

  @Column('text', { nullable: true })
  brand!: string | null;

  @Column('text', { array: true })
  categories!: string[];

  /** The retailer's collections (coleções), deduplicated and in text order. */
  @Column('text', { array: true, default: () => "'{}'" })
  collections!: string[];

  @Column('bigint', { transformer: centavos })
  priceCents!: number;

  @Column('bigint', { nullable: true, transformer: nullableCentavos })
  promoPriceCents!: number | null;

  @Column('timestamptz', { nullable: true })
  promoStart!: Date | null;

  @Column('timestamptz', { nullable: true })
  promoEnd!: Date | null;

  /**
   * The price in force when last written or last re-announced by the promotion clock (effectivePriceCents of
   * domain): what price filters and sorting compare. Views compute it afresh for their own moment.
   */
  @Column('bigint', { transformer: centavos })
  effectivePriceCents!: number;

  @Column('int')
  stock!: number;

  @Column('boolean')
  active!: boolean;

  @Column('jsonb')
  variants!: unknown[];

  @Column('text', { nullable: true })
  imageUrl!: string | null;

  @Column('text', { nullable: true })
  url!: string | null;

  @Column('int', { nullable: true })
  weightGrams!: number | null;

  @Column('real', { nullable: true })
  heightCm!: number | null;

  @Column('real', { nullable: true })
  widthCm!: number | null;

  @Column('real', { nullable: true })
  lengthCm!: number | null;

  @Column('tsvector', { select: false })
  search!: string;

  @Column('text')
  contentHash!: string;

  /** The retailer's updatedAt of the stored version; an older version never overwrites a newer one. */
  @Column('timestamptz')
  sourceUpdatedAt!: Date;

  /** What the last stored change was: created, updated, deactivated or reactivated. */
  @Column('text')
  changeKind!: string;

  /** The fields it touched (ProductChangedFields), merged with an earlier change the feed had not published yet. */
  @Column('text', { array: true })
  changedFields!: string[];

  /** Position in the change feed: the writing transaction's id and a sequence number (see ProductChangeFeed). */
  @Column('bigint', { transformer: bigintNumber })
  changeSeq!: number;

  @Column('bigint', { transformer: bigintNumber })
  changeXid!: number;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  /** When the hub last stored a change of it. */
  @Column('timestamptz', { default: () => 'now()' })
  updatedAt!: Date;
}
