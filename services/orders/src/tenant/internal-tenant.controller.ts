import { Controller, Delete, HttpCode, HttpStatus, Inject, Logger, Param, UseGuards } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InternalApiGuard, TEMPORAL_CLIENT, TenantIdPipe, terminateTenantWorkflows } from '@looma-hub/platform';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { ConnectionService } from '../connections/connection.service';

/** Tenant deletion, as the gateway drives it: everything this service holds for the tenant goes. Idempotent. */
@Controller('internal/tenants/:tenantId')
@UseGuards(InternalApiGuard)
export class InternalTenantController {
  private readonly logger = new Logger(InternalTenantController.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: ConnectionService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  async purge(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<void> {
    // Sagas first, so none writes an order back after its rows are gone.
    const sagas = await terminateTenantWorkflows(this.temporal, tenantId, 'tenant deleted');
    const removed = await this.dataSource.transaction(async (m) => {
      const connections = await this.connections.purgeTenant(m, tenantId);
      await m.query(`DELETE FROM "orders"."order_status_history" WHERE tenant_id = $1`, [tenantId]);
      const [, orders] = (await m.query(`DELETE FROM "orders"."order" WHERE tenant_id = $1`, [tenantId])) as [unknown, number];
      return { connections, orders };
    });
    this.logger.log({ tenantId, sagas, ...removed }, 'tenant purged');
  }
}
