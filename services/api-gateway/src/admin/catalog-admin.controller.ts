import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type CatalogSchedule,
  CatalogScheduleSchema,
  type LoomaChannelSettings,
  LoomaChannelSettingsSchema,
  type QuarantineListQuery,
  QuarantineListQuerySchema,
} from '@looma-hub/contracts';
import { type InternalClient, TenantIdPipe, ZodPipe } from '@looma-hub/platform';
import { ApiProblems } from '../common/api-docs';
import { CATALOG_API } from '../common/internal-clients';
import { ApiZodBody, ApiZodQuery } from '../common/zod-docs';
import { AdminKeyGuard } from '../tenant/auth.guards';
import { TenantService } from '../tenant/tenant.service';

/**
 * A tenant's catalog for operators: status (health, schedule, running syncs, last counts, quarantine), its sync
 * schedule (interval, pause, resume, sync now), one sync's progress, and the items quarantined. catalog-sync owns
 * all of it; the gateway checks the tenant and relays.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/tenants/:tenantId/catalog')
@UseGuards(AdminKeyGuard)
@ApiProblems(400, 401, 404, 503)
export class CatalogAdminController {
  constructor(
    private readonly tenants: TenantService,
    @Inject(CATALOG_API) private readonly catalog: InternalClient,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Catalog status: health, schedule, running syncs, the last sync counts, products, quarantine' })
  async status(@Param('tenantId', TenantIdPipe) tenantId: string) {
    await this.tenants.getTenant(tenantId);
    return this.catalog.get<unknown>(`${this.base(tenantId)}/catalog`);
  }

  @Get('syncs/:workflowId')
  @ApiOperation({ summary: "One sync's state and progress (pages, products seen, changed, rejected, deactivated, elapsed)" })
  async run(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('workflowId') workflowId: string) {
    await this.tenants.getTenant(tenantId);
    return this.catalog.get<unknown>(`${this.base(tenantId)}/sync/runs/${encodeURIComponent(workflowId)}`);
  }

  @Put('schedule')
  @ApiOperation({ summary: 'Sets the incremental sync interval (null: the default)' })
  @ApiZodBody(CatalogScheduleSchema)
  async schedule(@Param('tenantId', TenantIdPipe) tenantId: string, @Body(new ZodPipe(CatalogScheduleSchema)) body: CatalogSchedule) {
    await this.tenants.getChangeableTenant(tenantId);
    return this.catalog.put<unknown>(`${this.base(tenantId)}/sync/schedule`, body);
  }

  @Post('schedule/pause')
  @HttpCode(HttpStatus.OK)
  async pause(@Param('tenantId', TenantIdPipe) tenantId: string) {
    await this.tenants.getChangeableTenant(tenantId);
    return this.catalog.post<unknown>(`${this.base(tenantId)}/sync/schedule/pause`);
  }

  @Post('schedule/resume')
  @HttpCode(HttpStatus.OK)
  async resume(@Param('tenantId', TenantIdPipe) tenantId: string) {
    await this.tenants.getChangeableTenant(tenantId);
    return this.catalog.post<unknown>(`${this.base(tenantId)}/sync/schedule/resume`);
  }

  @Post('schedule/sync-now')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Runs the scheduled incremental sync now' })
  async syncNow(@Param('tenantId', TenantIdPipe) tenantId: string) {
    await this.tenants.getChangeableTenant(tenantId);
    return this.catalog.post<unknown>(`${this.base(tenantId)}/sync/schedule/trigger`);
  }

  @Get('quarantine')
  @ApiOperation({ summary: 'Retailer items refused by syncs, with the reason and the page they came from' })
  @ApiZodQuery(QuarantineListQuerySchema)
  async quarantine(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Query(new ZodPipe(QuarantineListQuerySchema)) query: QuarantineListQuery,
  ) {
    await this.tenants.getTenant(tenantId);
    return this.catalog.get<unknown>(`${this.base(tenantId)}/quarantine`, { reason: query.reason, limit: query.limit });
  }

  private base(tenantId: string): string {
    return `/internal/tenants/${encodeURIComponent(tenantId)}`;
  }
}

/**
 * A tenant's Looma channel: the workspaces (store units) its catalog is offered to in Looma's product message
 * shape, on `looma.<tenantId>.products.v1` and as the `looma.product.changed` webhook event (for endpoints that
 * name it). Setting it offers the whole catalog once, then every change.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/tenants/:tenantId/channels/looma')
@UseGuards(AdminKeyGuard)
@ApiProblems(400, 401, 404, 503)
export class LoomaChannelAdminController {
  constructor(
    private readonly tenants: TenantService,
    @Inject(CATALOG_API) private readonly catalog: InternalClient,
  ) {}

  @Put()
  @ApiOperation({ summary: 'Sets the Looma workspaces that get the catalog (and offers it to them in full once)' })
  @ApiZodBody(LoomaChannelSettingsSchema)
  async put(@Param('tenantId', TenantIdPipe) tenantId: string, @Body(new ZodPipe(LoomaChannelSettingsSchema)) body: LoomaChannelSettings) {
    await this.tenants.getChangeableTenant(tenantId);
    return this.catalog.put<unknown>(this.path(tenantId), body);
  }

  @Get()
  async get(@Param('tenantId', TenantIdPipe) tenantId: string) {
    await this.tenants.getTenant(tenantId);
    return this.catalog.get<unknown>(this.path(tenantId));
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<void> {
    await this.tenants.getTenant(tenantId);
    await this.catalog.delete<unknown>(this.path(tenantId));
  }

  private path(tenantId: string): string {
    return `/internal/tenants/${encodeURIComponent(tenantId)}/channels/looma`;
  }
}
