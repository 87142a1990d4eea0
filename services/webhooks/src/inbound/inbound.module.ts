import { Module } from '@nestjs/common';
import { InboundController, InternalInboundSourceController } from './inbound.controller';
import { InboundService } from './inbound.service';

@Module({
  controllers: [InboundController, InternalInboundSourceController],
  providers: [InboundService],
})
export class InboundModule {}
