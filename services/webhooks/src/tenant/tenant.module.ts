import { Module } from '@nestjs/common';
import { InternalTenantController } from './internal-tenant.controller';
import { TenantSettingsService } from './tenant-settings.service';

/** The tenant's settings (development mode) and its deletion (the gateway's purge of a deleted or rolled-back tenant). */
@Module({ controllers: [InternalTenantController], providers: [TenantSettingsService], exports: [TenantSettingsService] })
export class TenantModule {}
