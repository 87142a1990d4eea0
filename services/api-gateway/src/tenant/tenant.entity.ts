import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

@Entity({ name: 'tenant' })
export class TenantEntity {
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  name!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  disabledAt!: Date | null;

  /**
   * `provisioning` while its settings are being stored in the services (its key does not work yet), `active`, or
   * `deleting` while the services drop what they hold for it (a deletion, or a creation rolled back).
   */
  @Column('text', { default: 'active' })
  status!: TenantStatus;

  /** When deletion started; the row goes once every service let go and late writes had time to land. */
  @Column('timestamptz', { nullable: true })
  deletingSince!: Date | null;
}

export type TenantStatus = 'provisioning' | 'active' | 'deleting';

/** API keys are shown once; only a SHA-256 of the whole key is stored, found by its public prefix. */
@Entity({ name: 'api_key' })
@Index('api_key_prefix_idx', ['prefix'], { unique: true })
export class ApiKeyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'api_key_tenant_id_fkey' })
  tenant?: TenantEntity;

  @Column('text')
  prefix!: string;

  @Column('text')
  hash!: string;

  @Column('text')
  name!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  lastUsedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;
}
