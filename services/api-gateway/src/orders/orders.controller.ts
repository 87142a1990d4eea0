import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiParam,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, OrderViewDoc, ProblemDoc } from '../common/api-docs';
import type { OrderView } from '@looma-hub/contracts';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { ApiKeyGuard, TenantId } from '../tenant/auth.guards';
import { CreateOrderDto, OrderAcceptedDto } from './dto/create-order.dto';
import { GatewayOrdersService } from './orders.service';

@ApiTags('orders')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('v1/orders')
@ApiExtraModels(ProblemDoc)
@UseGuards(ApiKeyGuard)
@UseInterceptors(IdempotencyInterceptor)
export class OrdersController {
  constructor(private readonly orders: GatewayOrdersService) {}

  /** Accepts an order (asynchronous): 202 once its provisioning saga has started. Progress: GET and webhooks. */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key + same body → same answer' })
  @ApiAcceptedResponse({
    type: OrderAcceptedDto,
    description: 'Accepted; the saga runs. The same externalId returns the same order (created: false).',
  })
  @ApiProblems(400, 401, 409, 413, 422, 503)
  async create(
    @TenantId() tenantId: string,
    @Body() body: CreateOrderDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<OrderAcceptedDto> {
    return this.orders.place(tenantId, body, idempotencyKey);
  }

  @Get(':id')
  @ApiParam({ name: 'id', format: 'uuid', description: 'The order id returned by POST /v1/orders' })
  @ApiOkResponse({ type: OrderViewDoc, description: 'The order with its status history' })
  @ApiProblems(400, 401, 404, 503)
  async get(@TenantId() tenantId: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<OrderView> {
    return this.orders.get(tenantId, id);
  }
}
