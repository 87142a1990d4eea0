import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Logger, Param, Post, Query, UseGuards } from '@nestjs/common';
import { CatalogErrors, type ProductSearchResult, type ProductView, RetailerErrors } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { InternalApiGuard, TenantIdPipe } from '@looma-hub/platform';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ProductStore } from '../product/product.store';
import { RetailerConnectionService } from '../retailer/retailer-connection.service';
import { CatalogSyncScheduler, catalogScheduleId, type StartedSync } from '../sync/catalog-sync.scheduler';
import { SyncStateService } from '../sync/sync-state.service';

export class ProductSearchQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  from?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  size?: number;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeInactive?: boolean;
}

export class StartSyncDto {
  @IsIn(['full', 'incremental'])
  mode!: 'full' | 'incremental';
}

/** What `GET sync` answers. */
export interface CatalogSyncStateView {
  tenantId: string;
  connected: boolean;
  scheduleId: string;
  /** Incremental syncs ask the retailer for products updated since this instant (null: never synced). */
  watermark: string | null;
  lastFullSyncAt: string | null;
  lastRunAt: string | null;
  products: { total: number; active: number };
}

/** Internal API for the gateway: product search and views, syncs, tenant deletion. */
@Controller('internal/tenants/:tenantId')
@UseGuards(InternalApiGuard)
export class InternalCatalogController {
  private readonly logger = new Logger(InternalCatalogController.name);

  constructor(
    private readonly products: ProductStore,
    private readonly connections: RetailerConnectionService,
    private readonly scheduler: CatalogSyncScheduler,
    private readonly state: SyncStateService,
  ) {}

  @Get('products')
  async search(@Param('tenantId', TenantIdPipe) tenantId: string, @Query() query: ProductSearchQueryDto): Promise<ProductSearchResult> {
    return this.products.search(tenantId, {
      ...(query.q !== undefined ? { q: query.q } : {}),
      from: query.from ?? 0,
      size: query.size ?? 10,
      includeInactive: query.includeInactive ?? false,
    });
  }

  @Get('products/:id')
  async get(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id') id: string): Promise<ProductView> {
    const product = await this.products.find(tenantId, id);
    if (!product) throw new DomainError(CatalogErrors.ProductNotFound, `product ${id} was not found`);
    return product;
  }

  /** Tenant deletion, as the gateway drives it: no schedule, no sync running, no product or sync state left. */
  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  async purge(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<void> {
    const { syncsTerminated } = await this.scheduler.purgeTenant(tenantId);
    const removed = await this.products.purgeTenant(tenantId);
    this.connections.invalidate(tenantId);
    this.logger.log({ tenantId, syncsTerminated, ...removed }, 'tenant purged');
  }

  @Post('sync')
  @HttpCode(HttpStatus.ACCEPTED)
  async startSync(@Param('tenantId', TenantIdPipe) tenantId: string, @Body() body: StartSyncDto): Promise<StartedSync> {
    if (!(await this.connections.isConnected(tenantId))) {
      throw new DomainError(RetailerErrors.NotConnected, `tenant ${tenantId} has no retailer connection`);
    }
    return this.scheduler.startSync(tenantId, body.mode);
  }

  @Get('sync')
  async syncState(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<CatalogSyncStateView> {
    const [state, connected, products] = await Promise.all([
      this.state.get(tenantId),
      this.connections.isConnected(tenantId),
      this.products.count(tenantId),
    ]);
    return {
      tenantId,
      connected,
      scheduleId: catalogScheduleId(tenantId),
      watermark: state?.watermark?.toISOString() ?? null,
      lastFullSyncAt: state?.lastFullSyncAt?.toISOString() ?? null,
      lastRunAt: state?.lastRunAt?.toISOString() ?? null,
      products,
    };
  }
}
