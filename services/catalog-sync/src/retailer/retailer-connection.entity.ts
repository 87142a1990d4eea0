import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Where a tenant's catalog is pulled from. The token is sealed (AES-GCM) at rest. */
@Entity({ name: 'retailer_connection' })
export class RetailerConnectionEntity {
  @PrimaryColumn('text')
  tenantId!: string;

  @Column('text')
  baseUrl!: string;

  @Column('text')
  tokenSealed!: string;

  @Column('int', { default: 10_000 })
  timeoutMs!: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
