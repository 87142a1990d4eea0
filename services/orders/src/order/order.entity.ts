import type { OrderChannelValue, OrderCustomer, OrderLine, OrderStatus } from './domain/order';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'order' })
@Index('order_tenant_external_idx', ['tenantId', 'externalId'], { unique: true, where: 'external_id IS NOT NULL' })
export class OrderEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  tenantId!: string;

  @Column('text', { nullable: true })
  externalId!: string | null;

  @Column('text')
  channel!: OrderChannelValue;

  @Column('text')
  status!: OrderStatus;

  @Column('jsonb')
  customer!: OrderCustomer;

  @Column('jsonb')
  lines!: OrderLine[];

  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  totalCents!: number;

  @Column('text', { nullable: true })
  paymentMethod!: string | null;

  @Column('text', { nullable: true })
  retailerSaleId!: string | null;

  @Column('text')
  workflowId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'order_status_history' })
@Index('order_status_history_order_idx', ['orderId', 'at'])
export class OrderStatusHistoryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  tenantId!: string;

  @Column('uuid')
  orderId!: string;

  @Column('text', { nullable: true })
  fromStatus!: OrderStatus | null;

  @Column('text')
  toStatus!: OrderStatus;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('timestamptz')
  at!: Date;
}
