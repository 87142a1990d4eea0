import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { InternalTenantController } from './internal-tenant.controller';

/** Tenant deletion (HTTP process only: it ends the tenant's sagas through the Temporal client). */
@Module({ imports: [ConnectionsModule], controllers: [InternalTenantController] })
export class TenantModule {}
