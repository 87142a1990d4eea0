import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type ReservationStatus = 'reserved' | 'confirmed' | 'released' | 'expired';

/**
 * Units an order line holds. `reserved` until its expiry (then it holds nothing), `confirmed` once the sale is
 * registered (it holds until the retailer's stock, read after the confirmation, reflects the sale), `released` by a
 * compensation. Keyed by (tenant, order, line): a retried reservation finds its own row.
 */
@Entity({ name: 'stock_reservation' })
@Check('stock_reservation_quantity_check', '"quantity" > 0')
// Partial on the statuses that hold: the predicate is written in SQL by the migration.
@Index('stock_reservation_holding_idx', { synchronize: false })
export class StockReservationEntity {
  @PrimaryColumn('text')
  tenantId!: string;

  @PrimaryColumn('text')
  orderId!: string;

  @PrimaryColumn('text')
  lineId!: string;

  @Column('uuid')
  productId!: string;

  @Column('text')
  externalId!: string;

  @Column('text', { nullable: true })
  variantId!: string | null;

  @Column('int')
  quantity!: number;

  @Column('text')
  status!: ReservationStatus;

  @Column('timestamptz')
  expiresAt!: Date;

  @Column('timestamptz', { nullable: true })
  confirmedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  releasedAt!: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt!: Date;
}
