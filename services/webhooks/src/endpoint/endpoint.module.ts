import { Module } from '@nestjs/common';
import { EndpointService } from './endpoint.service';
import { InternalEndpointController } from './internal-endpoint.controller';

@Module({
  controllers: [InternalEndpointController],
  providers: [EndpointService],
  exports: [EndpointService],
})
export class EndpointModule {}
