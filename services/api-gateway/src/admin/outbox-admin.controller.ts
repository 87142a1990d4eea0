import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseEnumPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ParkedQueryDto, RequeueParkedDto } from '@looma-hub/platform';
import { OUTBOX_SERVICES, type OutboxService } from '../common/internal-clients';
import { AdminKeyGuard } from '../tenant/auth.guards';
import { OutboxAdminService } from './outbox-admin.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/outbox')
@UseGuards(AdminKeyGuard)
export class OutboxAdminController {
  constructor(private readonly outbox: OutboxAdminService) {}

  /** Outbox rows the broker refused for good, per service (metric `outbox_parked_messages` counts them too). */
  @Get('parked')
  async parked(@Query() query: ParkedQueryDto) {
    return this.outbox.parked(query.limit ?? 100);
  }

  /** Puts a service's parked rows (all, or `ids`) back in line once the cause is fixed. */
  @Post(':service/requeue')
  @HttpCode(HttpStatus.OK)
  async requeue(
    @Param('service', new ParseEnumPipe(Object.fromEntries(OUTBOX_SERVICES.map((s) => [s, s])))) service: OutboxService,
    @Body() body: RequeueParkedDto,
  ) {
    return this.outbox.requeue(service, body.ids);
  }
}
