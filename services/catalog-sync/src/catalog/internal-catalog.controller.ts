import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Logger, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import {
  CatalogErrors,
  type CatalogSchedule,
  CatalogScheduleSchema,
  type ProductSearchQuery,
  ProductSearchQuerySchema,
  type ProductSearchResult,
  type ProductView,
  type QuarantineListQuery,
  QuarantineListQuerySchema,
  RetailerErrors,
} from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { InternalApiGuard, TenantIdPipe, ZodPipe } from '@looma-hub/platform';
import { z } from 'zod';
import { ProductStore } from '../product/product.store';
import { QuarantineStore, type QuarantineSummary, type QuarantinedItemView } from '../quarantine/quarantine.store';
import { RetailerConnectionService } from '../retailer/retailer-connection.service';
import { type LookupKind, ProductSearch } from '../search/product-search';
import { CatalogSyncScheduler, type ScheduleView, type StartedSync, type SyncRunView } from '../sync/catalog-sync.scheduler';
import type { LastSyncSummary } from '../sync/sync-state.entity';
import { SyncStateService } from '../sync/sync-state.service';
import { TenantCatalogPurge } from './tenant-purge';

export const StartSyncSchema = z.strictObject({ mode: z.enum(['full', 'incremental']).default('incremental') });
export const LookupQuerySchema = z.strictObject({ kind: z.enum(['any', 'id', 'sku', 'ean', 'reference']).default('any') });

// Named types (not `z.output<…>` inline): a decorated parameter's type is emitted as runtime metadata, and `z.output`
// is also a value of zod that the global ValidationPipe would try to construct.
type StartSync = z.output<typeof StartSyncSchema>;

/** What `GET catalog` answers: everything ops want to know of a tenant's catalog at a glance. */
export interface CatalogStatusView {
  tenantId: string;
  connected: boolean;
  /** `degraded` while the retailer fails: the last good data keeps being served. */
  health: 'ok' | 'degraded';
  degradedSince: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  schedule: ScheduleView;
  running: SyncRunView[];
  lastSync: LastSyncSummary | null;
  /** Incremental syncs ask the retailer for products updated since this instant (null: never synced). */
  watermark: string | null;
  lastFullSyncAt: string | null;
  lastRunAt: string | null;
  products: { total: number; active: number };
  quarantine: QuarantineSummary;
}

/** Internal API for the gateway: product search and lookup, sync control and progress, quarantine, tenant deletion. */
@Controller('internal/tenants/:tenantId')
@UseGuards(InternalApiGuard)
export class InternalCatalogController {
  private readonly logger = new Logger(InternalCatalogController.name);

  constructor(
    private readonly products: ProductStore,
    private readonly search: ProductSearch,
    private readonly connections: RetailerConnectionService,
    private readonly scheduler: CatalogSyncScheduler,
    private readonly state: SyncStateService,
    private readonly quarantine: QuarantineStore,
    private readonly purge: TenantCatalogPurge,
  ) {}

  @Get('products')
  async searchProducts(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Query(new ZodPipe(ProductSearchQuerySchema)) query: ProductSearchQuery,
  ): Promise<ProductSearchResult> {
    return this.search.search(tenantId, query);
  }

  /** One product by the hub's id, the retailer's id, a SKU or an EAN (`kind` narrows it). */
  @Get('products/:code')
  async lookup(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Param('code') code: string,
    @Query(new ZodPipe(LookupQuerySchema)) query: { kind: LookupKind },
  ): Promise<ProductView> {
    const product = await this.search.lookup(tenantId, code, query.kind);
    if (!product) throw new DomainError(CatalogErrors.ProductNotFound, `no product ${code} in the catalog`, { field: 'id' });
    return product;
  }

  /** Tenant deletion, as the gateway drives it: no schedule, no sync running, nothing of the tenant left. */
  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  async purgeTenant(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<void> {
    const { syncsTerminated } = await this.scheduler.purgeTenant(tenantId);
    const removed = await this.purge.purge(tenantId);
    this.connections.invalidate(tenantId);
    this.logger.log({ tenantId, syncsTerminated, ...removed }, 'tenant purged');
  }

  @Post('sync')
  @HttpCode(HttpStatus.ACCEPTED)
  async startSync(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Body(new ZodPipe(StartSyncSchema)) body: StartSync,
  ): Promise<StartedSync> {
    await this.requireConnection(tenantId);
    return this.scheduler.startSync(tenantId, body.mode);
  }

  /** One sync's state and progress (pages, products seen, changed, rejected, deactivated, elapsed). */
  @Get('sync/runs/:workflowId')
  async run(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('workflowId') workflowId: string): Promise<SyncRunView> {
    return this.scheduler.run(tenantId, workflowId);
  }

  @Put('sync/schedule')
  async updateSchedule(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Body(new ZodPipe(CatalogScheduleSchema)) body: CatalogSchedule,
  ): Promise<ScheduleView> {
    return this.scheduler.setInterval(tenantId, body.intervalMinutes);
  }

  @Post('sync/schedule/pause')
  @HttpCode(HttpStatus.OK)
  async pause(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<ScheduleView> {
    return this.scheduler.pause(tenantId, 'through the admin API');
  }

  @Post('sync/schedule/resume')
  @HttpCode(HttpStatus.OK)
  async resume(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<ScheduleView> {
    return this.scheduler.resume(tenantId);
  }

  /** "Sync now": the scheduled incremental sync, at once. */
  @Post('sync/schedule/trigger')
  @HttpCode(HttpStatus.ACCEPTED)
  async trigger(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<ScheduleView> {
    await this.requireConnection(tenantId);
    return this.scheduler.trigger(tenantId);
  }

  @Get('catalog')
  async status(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<CatalogStatusView> {
    const [state, connected, products, quarantine, schedule, running] = await Promise.all([
      this.state.get(tenantId),
      this.connections.isConnected(tenantId),
      this.products.count(tenantId),
      this.quarantine.summary(tenantId),
      this.scheduler.describeSchedule(tenantId),
      this.scheduler.running(tenantId),
    ]);
    return {
      tenantId,
      connected,
      health: state?.health ?? 'ok',
      degradedSince: state?.degradedSince?.toISOString() ?? null,
      lastError: state?.lastError ?? null,
      lastErrorAt: state?.lastErrorAt?.toISOString() ?? null,
      schedule,
      running,
      lastSync: state?.lastSync ?? null,
      watermark: state?.watermark?.toISOString() ?? null,
      lastFullSyncAt: state?.lastFullSyncAt?.toISOString() ?? null,
      lastRunAt: state?.lastRunAt?.toISOString() ?? null,
      products,
      quarantine,
    };
  }

  @Get('quarantine')
  async quarantined(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Query(new ZodPipe(QuarantineListQuerySchema)) query: QuarantineListQuery,
  ): Promise<{ summary: QuarantineSummary; items: QuarantinedItemView[] }> {
    const [summary, items] = await Promise.all([
      this.quarantine.summary(tenantId),
      this.quarantine.list(tenantId, { limit: query.limit, ...(query.reason ? { reason: query.reason } : {}) }),
    ]);
    return { summary, items };
  }

  private async requireConnection(tenantId: string): Promise<void> {
    if (!(await this.connections.isConnected(tenantId))) {
      throw new DomainError(RetailerErrors.NotConnected, `tenant ${tenantId} has no retailer connection`);
    }
  }
}
