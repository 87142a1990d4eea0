import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One row per (tenant, Idempotency-Key): the request's fingerprint and, once done, its stored answer. */
@Entity({ name: 'idempotency_record' })
export class IdempotencyRecordEntity {
  @PrimaryColumn('text')
  tenantId!: string;

  @PrimaryColumn('text')
  key!: string;

  @Column('text')
  requestHash!: string;

  @Column('text')
  method!: string;

  @Column('text')
  path!: string;

  @Column('text')
  state!: 'processing' | 'completed';

  @Column('int', { nullable: true })
  responseStatus!: number | null;

  @Column('jsonb', { nullable: true })
  responseBody!: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  completedAt!: Date | null;
}
