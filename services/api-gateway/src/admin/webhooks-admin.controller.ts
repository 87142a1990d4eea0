import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  type PipeTransform,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { invalidRequest, TenantIdPipe } from '@looma-hub/platform';
import { ApiProblem, ApiProblems } from '../common/api-docs';
import { AdminKeyGuard } from '../tenant/auth.guards';
import {
  RotateWebhookSecretDto,
  UpdateWebhookEndpointDto,
  WebhookBulkReplayDto,
  WebhookDeliveryQueryDto,
  WebhookEndpointDoc,
  WebhookEndpointDto,
  WebhookEndpointQueryDto,
} from './webhooks-admin.dto';
import { WebhooksAdminService } from './webhooks-admin.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids go into the webhooks service's paths: only UUIDs, so no `..` can climb to another route. */
class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}
  transform(value: string): string {
    if (!UUID.test(value)) throw invalidRequest([{ field: this.name, message: 'must be a UUID' }]);
    return value;
  }
}
const EndpointId = new UuidParam('id');
const DeliveryId = new UuidParam('id');

const DELIVERY_DOC =
  'Each delivery with its attempts (time, status, latency, the first bytes of the answer), newest first, one page at ' +
  'a time (`nextCursor`)';

/**
 * A tenant's outbound webhooks: endpoints (format, custom headers, signing secret and its rotation), the delivery log,
 * replays and the dead letters. Relayed to the webhooks service, which owns and checks all of it.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/tenants/:tenantId/webhooks')
@UseGuards(AdminKeyGuard)
@ApiProblems(400, 401, 404, 503)
export class WebhooksAdminController {
  constructor(private readonly webhooks: WebhooksAdminService) {}

  @Post('endpoints')
  @ApiOperation({
    summary: 'Adds an endpoint',
    description:
      'Loopback, private and link-local targets (by address or by what the name resolves to) are refused unless the tenant ' +
      'is in development mode. The signing secret is in the answer only when generated.',
  })
  @ApiCreatedResponse({ type: WebhookEndpointDoc })
  @ApiProblem(409, 'The tenant is being deleted')
  async createEndpoint(@Param('tenantId', TenantIdPipe) tenantId: string, @Body() dto: WebhookEndpointDto) {
    return this.webhooks.createEndpoint(tenantId, dto);
  }

  @Get('endpoints')
  @ApiOperation({
    summary: "The tenant's endpoints; `?enabled=false` lists the disabled ones (an endpoint failing for 5 days is disabled)",
  })
  @ApiOkResponse({ type: [WebhookEndpointDoc] })
  async listEndpoints(@Param('tenantId', TenantIdPipe) tenantId: string, @Query() query: WebhookEndpointQueryDto) {
    return this.webhooks.listEndpoints(tenantId, query);
  }

  @Get('endpoints/:id')
  @ApiOkResponse({ type: WebhookEndpointDoc })
  async getEndpoint(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id', EndpointId) id: string) {
    return this.webhooks.getEndpoint(tenantId, id);
  }

  @Patch('endpoints/:id')
  @ApiOperation({ summary: 'Changes what is given; `enabled: true` re-enables a disabled endpoint (queued deliveries resume)' })
  @ApiOkResponse({ type: WebhookEndpointDoc })
  @ApiProblem(409, 'The tenant is being deleted')
  async updateEndpoint(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Param('id', EndpointId) id: string,
    @Body() dto: UpdateWebhookEndpointDto,
  ) {
    return this.webhooks.updateEndpoint(tenantId, id, dto);
  }

  @Delete('endpoints/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Gone, with its deliveries' })
  @ApiProblem(409, 'The tenant is being deleted')
  async deleteEndpoint(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id', EndpointId) id: string): Promise<void> {
    await this.webhooks.deleteEndpoint(tenantId, id);
  }

  @Post('endpoints/:id/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Rotates the signing secret',
    description:
      'The current secret keeps signing beside the new one for `previousValidFor` (24h by default), so receivers can switch ' +
      'at their pace; the new secret is in the answer only when generated.',
  })
  @ApiOkResponse({ type: WebhookEndpointDoc })
  @ApiProblem(409, 'The tenant is being deleted')
  async rotateSecret(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Param('id', EndpointId) id: string,
    @Body() dto: RotateWebhookSecretDto,
  ) {
    return this.webhooks.rotateSecret(tenantId, id, dto);
  }

  @Get('deliveries')
  @ApiOperation({ summary: 'The delivery log, filtered by endpoint, event type, status, subject and time', description: DELIVERY_DOC })
  async deliveries(@Param('tenantId', TenantIdPipe) tenantId: string, @Query() query: WebhookDeliveryQueryDto) {
    return this.webhooks.deliveries(tenantId, query);
  }

  // Before `deliveries/:id` so that `replay` is never taken for an id.
  @Post('deliveries/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Replays every failed (and dead) delivery created since a time, from the start of the schedule' })
  @ApiAcceptedResponse({ description: 'How many were queued again' })
  @ApiProblem(409, 'The tenant is being deleted')
  async replayFailed(@Param('tenantId', TenantIdPipe) tenantId: string, @Body() dto: WebhookBulkReplayDto) {
    return this.webhooks.replayFailed(tenantId, dto);
  }

  @Get('deliveries/:id')
  @ApiOperation({ summary: 'One delivery with its attempts' })
  async delivery(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id', DeliveryId) id: string) {
    return this.webhooks.delivery(tenantId, id);
  }

  @Post('deliveries/:id/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Sends one delivery again (same webhook-id), from the start of the schedule' })
  @ApiAcceptedResponse({ description: 'The delivery, pending again' })
  @ApiProblem(409, 'The endpoint is disabled, or the tenant is being deleted')
  async replay(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id', DeliveryId) id: string) {
    return this.webhooks.replay(tenantId, id);
  }

  @Get('dead-letters')
  @ApiOperation({ summary: 'Deliveries that used up every attempt (status dead), with the same filters as the log' })
  async deadLetters(@Param('tenantId', TenantIdPipe) tenantId: string, @Query() query: WebhookDeliveryQueryDto) {
    return this.webhooks.deadLetters(tenantId, query);
  }
}
