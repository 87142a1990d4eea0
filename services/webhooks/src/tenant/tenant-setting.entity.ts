import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Per-tenant switches of the webhooks service, set by the gateway when a tenant is created or changed. */
@Entity({ name: 'tenant_setting' })
export class TenantSettingEntity {
  @PrimaryColumn('text')
  tenantId!: string;

  /** Endpoints on loopback, private or link-local addresses are allowed only in development mode (the simulators run on loopback). */
  @Column('boolean', { default: false })
  developmentMode!: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
