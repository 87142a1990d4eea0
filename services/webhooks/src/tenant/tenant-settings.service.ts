import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TenantSettingEntity } from './tenant-setting.entity';

export interface TenantSettingsView {
  tenantId: string;
  developmentMode: boolean;
  /** null while the tenant has the defaults (no row). */
  updatedAt: string | null;
}

/** The tenant's switches of this service; a tenant without a row has the defaults (not in development mode). */
@Injectable()
export class TenantSettingsService {
  private readonly logger = new Logger(TenantSettingsService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(tenantId: string): Promise<TenantSettingsView> {
    const row = await this.dataSource.getRepository(TenantSettingEntity).findOneBy({ tenantId });
    return { tenantId, developmentMode: row?.developmentMode ?? false, updatedAt: row?.updatedAt.toISOString() ?? null };
  }

  async developmentMode(tenantId: string): Promise<boolean> {
    return (await this.get(tenantId)).developmentMode;
  }

  async put(tenantId: string, input: { developmentMode: boolean }): Promise<TenantSettingsView> {
    await this.dataSource
      .getRepository(TenantSettingEntity)
      .upsert({ tenantId, developmentMode: input.developmentMode, updatedAt: new Date() }, ['tenantId']);
    this.logger.log({ tenantId, developmentMode: input.developmentMode }, 'tenant settings stored');
    return this.get(tenantId);
  }
}
