import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { TenantIdPipe } from '@looma-hub/platform';
import { AdminKeyGuard } from '../tenant/auth.guards';
import { TenantService } from '../tenant/tenant.service';
import { CatalogSyncDto, CreateKeyDto, CreateTenantDto, RetailerConnectionDto, WebhookEndpointDto } from './admin.dto';
import { AdminService } from './admin.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/tenants')
@UseGuards(AdminKeyGuard)
export class AdminController {
  constructor(
    private readonly admin: AdminService,
    private readonly tenants: TenantService,
  ) {}

  /** Creates a tenant and its first API key (shown once), optionally wiring its retailer and webhooks. */
  @Post()
  @ApiCreatedResponse({ description: 'The tenant, its API key (only time it is shown) and connections' })
  async create(@Body() dto: CreateTenantDto) {
    return this.admin.createTenant(dto);
  }

  @Get()
  async list() {
    return this.tenants.listTenants();
  }

  /** The tenant, its lifecycle status and its partner connections (secrets shown only as their last characters). */
  @Get(':tenantId')
  async get(@Param('tenantId', TenantIdPipe) tenantId: string) {
    return this.admin.getTenant(tenantId);
  }

  /** Deletes the tenant everywhere: its keys stop at once, each service drops its data; the id is free once all did. */
  @Delete(':tenantId')
  @HttpCode(HttpStatus.ACCEPTED)
  async remove(@Param('tenantId', TenantIdPipe) tenantId: string) {
    return this.admin.deleteTenant(tenantId);
  }

  @Post(':tenantId/keys')
  async createKey(@Param('tenantId', TenantIdPipe) tenantId: string, @Body() dto: CreateKeyDto) {
    return this.tenants.createApiKey(tenantId, dto.name ?? 'default');
  }

  @Get(':tenantId/keys')
  async listKeys(@Param('tenantId', TenantIdPipe) tenantId: string) {
    return this.tenants.listApiKeys(tenantId);
  }

  @Delete(':tenantId/keys/:keyId')
  @HttpCode(HttpStatus.NO_CONTENT)
  async revokeKey(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('keyId') keyId: string): Promise<void> {
    await this.tenants.revokeApiKey(tenantId, keyId);
  }

  @Put(':tenantId/retailer')
  async connectRetailer(@Param('tenantId', TenantIdPipe) tenantId: string, @Body() dto: RetailerConnectionDto) {
    return this.admin.connectRetailer(tenantId, dto);
  }

  @Post(':tenantId/webhook-endpoints')
  async addWebhook(@Param('tenantId', TenantIdPipe) tenantId: string, @Body() dto: WebhookEndpointDto) {
    return this.admin.addWebhookEndpoint(tenantId, dto);
  }

  @Get(':tenantId/webhook-endpoints')
  async listWebhooks(@Param('tenantId', TenantIdPipe) tenantId: string) {
    return this.admin.listWebhookEndpoints(tenantId);
  }

  @Get(':tenantId/webhook-deliveries')
  async deliveries(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Query('status') status?: string,
    @Query('subject') subject?: string,
  ) {
    return this.admin.listWebhookDeliveries(tenantId, { status, subject });
  }

  @Post(':tenantId/catalog/sync')
  @HttpCode(HttpStatus.ACCEPTED)
  async sync(@Param('tenantId', TenantIdPipe) tenantId: string, @Body() dto: CatalogSyncDto) {
    return this.admin.syncCatalog(tenantId, dto.mode ?? 'full');
  }
}
