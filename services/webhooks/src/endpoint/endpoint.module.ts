import { Module } from '@nestjs/common';
import { TenantModule } from '../tenant/tenant.module';
import { EndpointService } from './endpoint.service';
import { InternalEndpointController } from './internal-endpoint.controller';

@Module({
  imports: [TenantModule],
  controllers: [InternalEndpointController],
  providers: [EndpointService],
  exports: [EndpointService],
})
export class EndpointModule {}
