import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectionsModule } from '../connections/connections.module';
import { InternalOrderController } from './internal-order.controller';
import { OrderActivitiesService } from './order.activities';
import { OrderEntity, OrderStatusHistoryEntity } from './order.entity';
import { OrderService } from './order.service';

@Module({
  imports: [TypeOrmModule.forFeature([OrderEntity, OrderStatusHistoryEntity]), ConnectionsModule],
  controllers: [InternalOrderController],
  providers: [OrderService, OrderActivitiesService],
  exports: [OrderService, OrderActivitiesService],
})
export class OrderModule {}
