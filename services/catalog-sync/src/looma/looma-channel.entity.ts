import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant's Looma channel: the workspaces (store units) its catalog is offered to in Looma's product shape. */
@Entity({ name: 'looma_channel' })
export class LoomaChannelEntity {
  @PrimaryColumn('text')
  tenantId!: string;

  @Column('uuid', { array: true })
  workspaceIds!: string[];

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt!: Date;
}
