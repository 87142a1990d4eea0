import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { InternalApiGuard } from '@looma-hub/platform';
import { TenantIdPipe, UuidPipe } from '../common/params';
import { DeliveryService } from './delivery.service';
import { DeliveryQueryDto, type DeliveryView } from './dto/delivery.dto';

/** Internal API: the delivery log of a tenant's webhooks, and replay. */
@Controller('internal/tenants/:tenantId/deliveries')
@UseGuards(InternalApiGuard)
export class InternalDeliveryController {
  constructor(private readonly deliveries: DeliveryService) {}

  @Get()
  async list(@Param('tenantId', TenantIdPipe) tenantId: string, @Query() query: DeliveryQueryDto): Promise<{ items: DeliveryView[] }> {
    return { items: await this.deliveries.list(tenantId, query) };
  }

  @Get(':id')
  get(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id', UuidPipe('id')) id: string): Promise<DeliveryView> {
    return this.deliveries.get(tenantId, id);
  }

  @Post(':id/replay')
  @HttpCode(202)
  replay(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id', UuidPipe('id')) id: string): Promise<DeliveryView> {
    return this.deliveries.replay(tenantId, id);
  }
}
