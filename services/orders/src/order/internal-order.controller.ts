import { Controller, Get, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { OrderErrors, type OrderView } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { InternalApiGuard, TenantIdPipe } from '@looma-hub/platform';
import { OrderService } from './order.service';

/** Internal API for the gateway: order views. */
@Controller('internal/tenants/:tenantId')
@UseGuards(InternalApiGuard)
export class InternalOrderController {
  constructor(private readonly orders: OrderService) {}

  @Get('orders/:orderId')
  async get(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('orderId', new ParseUUIDPipe()) orderId: string): Promise<OrderView> {
    const order = await this.orders.find(tenantId, orderId);
    if (!order) throw new DomainError(OrderErrors.NotFound, `order ${orderId} was not found`);
    return order;
  }
}
