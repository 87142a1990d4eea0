import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Injectable,
  Param,
  type PipeTransform,
  Post,
  Put,
  Query,
  UseGuards,
} from '@nestjs/common';
import type { ProductSearchResult, ProductView } from '@looma-hub/contracts';
import { RetailerConnectionDto } from '@looma-hub/connectors';
import { CatalogErrors, RetailerErrors } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { InternalApiGuard, invalidRequest } from '@looma-hub/platform';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ProductStore } from '../product/product.store';
import { type RetailerConnectionView, RetailerConnectionService } from '../retailer/retailer-connection.service';
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

const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

@Injectable()
export class TenantIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!TENANT_ID.test(value)) {
      throw invalidRequest([{ field: 'tenantId', message: 'must be 1-100 letters, digits, ".", "_", ":" or "-"' }]);
    }
    return value;
  }
}

/** Internal API for the gateway: product search and views, the tenant's retailer connection, syncs. */
@Controller('internal/tenants/:tenantId')
@UseGuards(InternalApiGuard)
export class InternalCatalogController {
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

  /**
   * Stores the connection (token sealed), creates or updates the tenant's incremental schedule and starts a
   * full sync at once. Safe to repeat: the schedule is updated in place and a full sync already running is
   * joined, not duplicated.
   */
  @Put('retailer-connection')
  async connect(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Body() body: RetailerConnectionDto,
  ): Promise<RetailerConnectionView & { scheduleId: string; fullSync: StartedSync }> {
    const connection = await this.connections.upsert(tenantId, body);
    const { scheduleId } = await this.scheduler.ensureSchedule(tenantId);
    const fullSync = await this.scheduler.startSync(tenantId, 'full');
    return { ...connection, scheduleId, fullSync };
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
