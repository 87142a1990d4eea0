import { Body, Controller, Get, Param, ParseUUIDPipe, Put, UseGuards } from '@nestjs/common';
import { OrderErrors, type OrderView } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { RetailerConnectionDto } from '@looma-hub/connectors';
import { InternalApiGuard } from '@looma-hub/platform';
import { RetailerConnectionService } from '../retailer/retailer-connection.service';
import { OrderService } from './order.service';

/** Internal API for the gateway: order views and the tenant's retailer connection. */
@Controller('internal/tenants/:tenantId')
@UseGuards(InternalApiGuard)
export class InternalOrderController {
  constructor(
    private readonly orders: OrderService,
    private readonly connections: RetailerConnectionService,
  ) {}

  @Get('orders/:orderId')
  async get(@Param('tenantId') tenantId: string, @Param('orderId', new ParseUUIDPipe()) orderId: string): Promise<OrderView> {
    const order = await this.orders.find(tenantId, orderId);
    if (!order) throw new DomainError(OrderErrors.NotFound, `order ${orderId} was not found`);
    return order;
  }

  @Put('retailer-connection')
  async connect(@Param('tenantId') tenantId: string, @Body() body: RetailerConnectionDto) {
    return this.connections.upsert(tenantId, body);
  }
}
