import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Put, UseGuards } from '@nestjs/common';
import { RetailerConnectionDto } from '@looma-hub/connectors';
import { ConnectionErrors, type ConnectionView, type RetailerConnection } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { InternalApiGuard, TenantIdPipe } from '@looma-hub/platform';

import { ConnectionService } from './connection.service';

/**
 * Internal API of the tenants' partner connections (the gateway's admin routes and the services that read them).
 * The `GET` of one kind answers the secret in clear: it is for services on the internal network, never relayed out.
 */
@Controller('internal/tenants/:tenantId/connections')
@UseGuards(InternalApiGuard)
export class InternalConnectionsController {
  constructor(private readonly connections: ConnectionService) {}

  @Get()
  async list(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<ConnectionView[]> {
    return this.connections.list(tenantId);
  }

  @Put('retailer')
  async putRetailer(@Param('tenantId', TenantIdPipe) tenantId: string, @Body() body: RetailerConnectionDto): Promise<ConnectionView> {
    return this.connections.putRetailer(tenantId, body);
  }

  @Get('retailer')
  async getRetailer(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<RetailerConnection> {
    const conn = await this.connections.retailer(tenantId);
    if (!conn) throw new DomainError(ConnectionErrors.NotFound, `tenant ${tenantId} has no retailer connection`);
    return conn;
  }

  @Delete(':kind')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('kind') kind: string): Promise<void> {
    if (kind !== 'retailer') throw new DomainError(ConnectionErrors.UnknownKind, `no connection kind ${kind}`);
    await this.connections.remove(tenantId, kind);
  }
}
