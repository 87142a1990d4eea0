import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { InternalApiGuard } from '@looma-hub/platform';
import { TenantIdPipe, UuidPipe } from '../common/params';
import {
  CreateEndpointDto,
  type CreatedEndpointView,
  EndpointQueryDto,
  type EndpointView,
  RotateSecretDto,
  UpdateEndpointDto,
} from './dto/endpoint.dto';
import { EndpointService } from './endpoint.service';

/** Internal API (gateway → webhooks): a tenant's webhook endpoints. */
@Controller('internal/tenants/:tenantId/endpoints')
@UseGuards(InternalApiGuard)
export class InternalEndpointController {
  constructor(private readonly endpoints: EndpointService) {}

  @Post()
  create(@Param('tenantId', TenantIdPipe) tenantId: string, @Body() body: CreateEndpointDto): Promise<EndpointView | CreatedEndpointView> {
    return this.endpoints.create(tenantId, body);
  }

  /** `?enabled=false`: the disabled ones, with why and since when. */
  @Get()
  list(@Param('tenantId', TenantIdPipe) tenantId: string, @Query() query: EndpointQueryDto): Promise<EndpointView[]> {
    return this.endpoints.list(tenantId, query.enabled === undefined ? {} : { enabled: query.enabled === 'true' });
  }

  @Get(':id')
  get(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id', UuidPipe('id')) id: string): Promise<EndpointView> {
    return this.endpoints.get(tenantId, id);
  }

  @Patch(':id')
  update(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Param('id', UuidPipe('id')) id: string,
    @Body() body: UpdateEndpointDto,
  ): Promise<EndpointView> {
    return this.endpoints.update(tenantId, id, body);
  }

  @Post(':id/rotate-secret')
  @HttpCode(HttpStatus.OK)
  rotateSecret(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Param('id', UuidPipe('id')) id: string,
    @Body() body: RotateSecretDto,
  ): Promise<EndpointView | CreatedEndpointView> {
    return this.endpoints.rotateSecret(tenantId, id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id', UuidPipe('id')) id: string): Promise<void> {
    await this.endpoints.remove(tenantId, id);
  }
}
