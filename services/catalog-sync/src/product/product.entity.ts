import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

const centavos = { to: (v: number) => v, from: (v: string) => Number(v) };
const nullableCentavos = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * The tenant's catalog as last pulled from its retailer. Written only by the sync's batch upsert (raw SQL in
 * ProductStore); `content_hash` decides whether a re-sent product is a change.
 */
@Entity({ name: 'product' })
@Index('product_tenant_external_idx', ['tenantId', 'externalId'], { unique: true })
@Index('product_tenant_sku_idx', ['tenantId', 'sku'])
@Index('product_tenant_barcode_idx', ['tenantId', 'barcode'])
// GIN trigram index on catalog.f_unaccent(lower(name)): an expression TypeORM cannot describe, so it is
// created by the migration and left alone by schema sync / the drift check.
@Index('product_name_trgm_idx', { synchronize: false })
export class ProductEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  tenantId!: string;

  @Column('text')
  externalId!: string;

  @Column('text', { nullable: true })
  sku!: string | null;

  @Column('text', { nullable: true })
  barcode!: string | null;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('text', { nullable: true })
  manufacturer!: string | null;

  @Column('text', { nullable: true })
  category!: string | null;

  @Column('bigint', { transformer: centavos })
  priceCents!: number;

  @Column('bigint', { nullable: true, transformer: nullableCentavos })
  promoPriceCents!: number | null;

  @Column('timestamptz', { nullable: true })
  promoStart!: Date | null;

  @Column('timestamptz', { nullable: true })
  promoEnd!: Date | null;

  @Column('int')
  stock!: number;

  @Column('boolean')
  active!: boolean;

  @Column('text')
  contentHash!: string;

  /** The retailer's updatedAt of the stored version; an older version never overwrites a newer one. */
  @Column('timestamptz')
  sourceUpdatedAt!: Date;

  /** When the stored content was last written by a sync. */
  @Column('timestamptz')
  syncedAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
