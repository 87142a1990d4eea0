import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LoomaChannelSettings } from '@looma-hub/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { LoomaChannelEntity } from './looma-channel.entity';

export interface LoomaChannelView {
  tenantId: string;
  workspaces: string[];
  topic: string;
  createdAt: string;
  updatedAt: string;
}

/** The tenants' Looma channels (which workspaces get the catalog in Looma's shape). */
@Injectable()
export class LoomaChannels {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async put(tenantId: string, settings: LoomaChannelSettings, topic: string): Promise<LoomaChannelView> {
    const workspaceIds = settings.workspaces.map((w) => w.toLowerCase());
    await this.dataSource.query(
      `INSERT INTO "catalog"."looma_channel" (tenant_id, workspace_ids) VALUES ($1, $2::uuid[])
       ON CONFLICT (tenant_id) DO UPDATE SET workspace_ids = EXCLUDED.workspace_ids, updated_at = now()`,
      [tenantId, workspaceIds],
    );
    const view = await this.get(tenantId, topic);
    if (!view) throw new Error(`looma channel of ${tenantId} vanished after its upsert`);
    return view;
  }

  async get(tenantId: string, topic: string): Promise<LoomaChannelView | null> {
    const row = await this.dataSource.getRepository(LoomaChannelEntity).findOneBy({ tenantId });
    if (!row) return null;
    return {
      tenantId,
      workspaces: row.workspaceIds,
      topic,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  async remove(tenantId: string): Promise<boolean> {
    const [, n] = (await this.dataSource.query(`DELETE FROM "catalog"."looma_channel" WHERE tenant_id = $1`, [tenantId])) as [
      unknown,
      number,
    ];
    return n > 0;
  }

  /** The workspaces of each of these tenants that has a channel (read in the consumer's transaction). */
  async workspacesOf(m: EntityManager, tenantIds: string[]): Promise<Map<string, string[]>> {
    const rows = (await m.query(`SELECT tenant_id, workspace_ids FROM "catalog"."looma_channel" WHERE tenant_id = ANY($1)`, [
      tenantIds,
    ])) as {
      tenant_id: string;
      workspace_ids: string[];
    }[];
    return new Map(rows.map((r) => [r.tenant_id, r.workspace_ids]));
  }
}
