import { Module } from '@nestjs/common';
import { OrderEventsConsumer } from './delivery.consumer';
import { DeliveryDispatcher } from './delivery.dispatcher';
import { DeliveryService } from './delivery.service';
import { InternalDeliveryController } from './internal-delivery.controller';

@Module({
  controllers: [InternalDeliveryController],
  providers: [DeliveryService, OrderEventsConsumer, DeliveryDispatcher],
  exports: [DeliveryService, DeliveryDispatcher],
})
export class DeliveryModule {}
