import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Logger, Param, Put, UseGuards } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InternalApiGuard, TenantIdPipe } from '@looma-hub/platform';
import { DataSource } from 'typeorm';
import { TenantSettingsDto } from './dto/tenant-settings.dto';
import { TenantSettingsService, type TenantSettingsView } from './tenant-settings.service';

/** Tables of this service that hold a tenant's data, children first. */
const TENANT_TABLES = ['delivery_attempt', 'delivery', 'endpoint', 'inbound_event', 'inbound_source', 'tenant_setting'] as const;

/**
 * The tenant as the gateway drives it: its settings (development mode), and its deletion — endpoints, deliveries
 * with their attempts, inbound sources and events, settings.
 */
@Controller('internal/tenants/:tenantId')
@UseGuards(InternalApiGuard)
export class InternalTenantController {
  private readonly logger = new Logger(InternalTenantController.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: TenantSettingsService,
  ) {}

  @Get('settings')
  getSettings(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<TenantSettingsView> {
    return this.settings.get(tenantId);
  }

  @Put('settings')
  putSettings(@Param('tenantId', TenantIdPipe) tenantId: string, @Body() body: TenantSettingsDto): Promise<TenantSettingsView> {
    return this.settings.put(tenantId, body);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  async purge(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<void> {
    const removed = await this.dataSource.transaction(async (m) => {
      const counts: Record<string, number> = {};
      for (const table of TENANT_TABLES) {
        const [, n] = (await m.query(`DELETE FROM "webhooks"."${table}" WHERE tenant_id = $1`, [tenantId])) as [unknown, number];
        counts[table] = n;
      }
      return counts;
    });
    this.logger.log({ tenantId, ...removed }, 'tenant purged');
  }
}
