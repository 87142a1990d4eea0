import { Column, Entity, PrimaryColumn } from 'typeorm';

const bigintNumber = { to: (v: number) => v, from: (v: string) => Number(v) };

/** How far a feed of product changes has published: the last (transaction id, sequence) it sent. */
@Entity({ name: 'change_feed' })
export class ChangeFeedEntity {
  @PrimaryColumn('text')
  name!: string;

  @Column('bigint', { default: 0, transformer: bigintNumber })
  lastXid!: number;

  @Column('bigint', { default: 0, transformer: bigintNumber })
  lastSeq!: number;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt!: Date;
}

/** When the promotion clock last looked for promotions that started or ended (one row). */
@Entity({ name: 'promotion_clock' })
export class PromotionClockEntity {
  @PrimaryColumn('int')
  id!: number;

  @Column('timestamptz')
  lastTick!: Date;
}
