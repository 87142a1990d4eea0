import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export interface PricedVariant {
  id: string;
  sku: string | null;
  ean: string | null;
  name: string;
  /** The variant's own prices; null: the product's. */
  priceCents: number | null;
  promoPriceCents: number | null;
  active: boolean;
}

/**
 * What quotes need of a product, kept from catalog-sync's `hub.catalog.product-changed.v1` events (which carry the
 * whole current state): a read model owned here, so a quote reads its cart's products with one local query instead
 * of a call to the catalog. `sequence` orders the events of a tenant: an older one changes nothing.
 */
@Entity({ name: 'product_price' })
@Index('product_price_external_id', ['tenantId', 'externalId'])
// Expression and partial indexes TypeORM cannot declare: the migration creates them, the drift check leaves them be.
@Index('product_price_sku', { synchronize: false })
@Index('product_price_ean', { synchronize: false })
export class ProductPriceEntity {
  @PrimaryColumn('text')
  tenantId!: string;

  @PrimaryColumn('uuid')
  productId!: string;

  @Column('text')
  externalId!: string;

  @Column('text', { nullable: true })
  sku!: string | null;

  @Column('text', { nullable: true })
  ean!: string | null;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  manufacturer!: string | null;

  @Column('text', { nullable: true })
  brand!: string | null;

  @Column('text', { array: true })
  categories!: string[];

  @Column('text', { array: true })
  collections!: string[];

  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  priceCents!: number;

  @Column('bigint', {
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  promoPriceCents!: number | null;

  @Column('timestamptz', { nullable: true })
  promoStart!: Date | null;

  @Column('timestamptz', { nullable: true })
  promoEnd!: Date | null;

  @Column('boolean')
  active!: boolean;

  @Column('jsonb')
  variants!: PricedVariant[];

  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  sequence!: number;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt!: Date;
}
