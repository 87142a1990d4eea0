import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RetailerConnectionEntity } from '../retailer/retailer-connection.entity';
import { RetailerConnectionService } from '../retailer/retailer-connection.service';
import { InternalOrderController } from './internal-order.controller';
import { OrderActivitiesService } from './order.activities';
import { OrderEntity, OrderStatusHistoryEntity } from './order.entity';
import { OrderService } from './order.service';

@Module({
  imports: [TypeOrmModule.forFeature([OrderEntity, OrderStatusHistoryEntity, RetailerConnectionEntity])],
  controllers: [InternalOrderController],
  providers: [OrderService, RetailerConnectionService, OrderActivitiesService],
  exports: [OrderService, OrderActivitiesService],
})
export class OrderModule {}
