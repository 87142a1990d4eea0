import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A tenant's connection to one partner: the one copy the hub keeps. Settings in clear (`settings`), secrets sealed
 * with AES-GCM (`secretsSealed`: field → sealed value). `revision` grows by one on every change.
 */
@Entity({ name: 'partner_connection' })
export class PartnerConnectionEntity {
  @PrimaryColumn('text')
  tenantId!: string;

  @PrimaryColumn('text')
  kind!: string;

  @Column('jsonb')
  settings!: Record<string, unknown>;

  @Column('jsonb')
  secretsSealed!: Record<string, string>;

  @Column('int')
  revision!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
