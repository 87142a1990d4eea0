import { Module } from '@nestjs/common';
import { InternalTenantController } from './internal-tenant.controller';

/** Tenant deletion (the gateway's purge of a deleted or rolled-back tenant). */
@Module({ controllers: [InternalTenantController] })
export class TenantModule {}
