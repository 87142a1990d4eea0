import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { InternalApiGuard } from '@looma-hub/platform';
import { TenantIdPipe, UuidPipe } from '../common/params';
import { CreateEndpointDto, type CreatedEndpointView, type EndpointView, UpdateEndpointDto } from './dto/endpoint.dto';
import { EndpointService } from './endpoint.service';

/** Internal API (gateway → webhooks): a tenant's webhook endpoints. */
@Controller('internal/tenants/:tenantId/endpoints')
@UseGuards(InternalApiGuard)
export class InternalEndpointController {
  constructor(private readonly endpoints: EndpointService) {}

  @Post()
  create(@Param('tenantId', TenantIdPipe) tenantId: string, @Body() body: CreateEndpointDto): Promise<CreatedEndpointView> {
    return this.endpoints.create(tenantId, body);
  }

  @Get()
  list(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<EndpointView[]> {
    return this.endpoints.list(tenantId);
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

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id', UuidPipe('id')) id: string): Promise<void> {
    await this.endpoints.remove(tenantId, id);
  }
}
