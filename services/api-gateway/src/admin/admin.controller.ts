import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { TenantIdPipe } from '@looma-hub/platform';
import { AdminKeyGuard } from '../tenant/auth.guards';
import { TenantService } from '../tenant/tenant.service';
import { CatalogSyncDto, CreateKeyDto, CreateTenantDto, RetailerConnectionDto, UpdateTenantDto } from './admin.dto';
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

  /** Creates a tenant and its first API key (shown once), optionally wiring its retailer and webhooks (in development mode if asked). */
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

  /** Changes the tenant's settings: development mode (webhook endpoints on loopback and private networks allowed). */
  @Patch(':tenantId')
  async update(@Param('tenantId', TenantIdPipe) tenantId: string, @Body() dto: UpdateTenantDto) {
    return this.admin.updateTenant(tenantId, dto);
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

  @Post(':tenantId/catalog/sync')
  @HttpCode(HttpStatus.ACCEPTED)
  async sync(@Param('tenantId', TenantIdPipe) tenantId: string, @Body() dto: CatalogSyncDto) {
    return this.admin.syncCatalog(tenantId, dto.mode ?? 'full');
  }
}
