import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { InternalApiGuard } from '@looma-hub/platform';
import { TenantIdPipe, UuidPipe } from '../common/params';
import { DeliveryStatus } from './delivery.entity';
import { DeliveryService } from './delivery.service';
import { BulkReplayDto, DeadLetterQueryDto, type DeliveryPage, DeliveryQueryDto, type DeliveryView } from './dto/delivery.dto';

/** Internal API: the delivery log of a tenant's webhooks, replay, and the dead letters. */
@Controller('internal/tenants/:tenantId')
@UseGuards(InternalApiGuard)
export class InternalDeliveryController {
  constructor(private readonly deliveries: DeliveryService) {}

  @Get('deliveries')
  list(@Param('tenantId', TenantIdPipe) tenantId: string, @Query() query: DeliveryQueryDto): Promise<DeliveryPage> {
    return this.deliveries.list(tenantId, query);
  }

  /** Every failed (and dead) delivery since a time, replayed; literal route before `:id`. */
  @Post('deliveries/replay')
  @HttpCode(202)
  replayFailed(@Param('tenantId', TenantIdPipe) tenantId: string, @Body() body: BulkReplayDto) {
    return this.deliveries.replayFailed(tenantId, body);
  }

  @Get('deliveries/:id')
  get(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id', UuidPipe('id')) id: string): Promise<DeliveryView> {
    return this.deliveries.get(tenantId, id);
  }

  @Post('deliveries/:id/replay')
  @HttpCode(202)
  replay(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id', UuidPipe('id')) id: string): Promise<DeliveryView> {
    return this.deliveries.replay(tenantId, id);
  }

  /** The dead-letter view: deliveries that used up every attempt of their cycle. */
  @Get('dead-letters')
  deadLetters(@Param('tenantId', TenantIdPipe) tenantId: string, @Query() query: DeadLetterQueryDto): Promise<DeliveryPage> {
    return this.deliveries.list(tenantId, { ...query, status: DeliveryStatus.Dead });
  }
}
