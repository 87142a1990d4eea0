import { Inject, Injectable } from '@nestjs/common';
import { PartnerError, RetailerClient } from '@looma-hub/connectors';
import { type RetailerConnection, RetailerErrors } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { TenantConnections } from '@looma-hub/platform';

export const TENANT_CONNECTIONS = Symbol('TENANT_CONNECTIONS');

/**
 * The tenant's retailer as pricing-rules reaches it. The connection is owned by the orders service and read from
 * it (cached for CONNECTIONS_CACHE_TTL_MS, dropped at once on a connection-changed event); nothing is stored here.
 */
@Injectable()
export class RetailerConnectionService {
  constructor(@Inject(TENANT_CONNECTIONS) private readonly connections: TenantConnections) {}

  async get(tenantId: string): Promise<RetailerConnection | null> {
    return this.connections.get<RetailerConnection>(tenantId, 'retailer');
  }

  /**
   * Runs `call` with the tenant's retailer client; when the retailer refuses the credentials and the owner has a
   * newer revision (a token just rotated), once more with it.
   */
  async withClient<T>(tenantId: string, call: (client: RetailerClient) => Promise<T>, timeoutMs?: number): Promise<T> {
    const conn = await this.get(tenantId);
    if (!conn) throw new DomainError(RetailerErrors.NotConnected, `tenant ${tenantId} has no retailer connection`);
    const client = (c: RetailerConnection) =>
      new RetailerClient(timeoutMs === undefined ? c : { ...c, timeoutMs: Math.min(c.timeoutMs, timeoutMs) });
    try {
      return await call(client(conn));
    } catch (err) {
      if (!(err instanceof PartnerError) || (err.status !== 401 && err.status !== 403)) throw err;
      this.invalidate(tenantId);
      const fresh = await this.get(tenantId);
      if (!fresh || fresh.revision === conn.revision) throw err;
      return call(client(fresh));
    }
  }

  invalidate(tenantId: string): void {
    this.connections.invalidate(tenantId, 'retailer');
  }
}
