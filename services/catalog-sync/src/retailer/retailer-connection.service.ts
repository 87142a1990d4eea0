import { Inject, Injectable } from '@nestjs/common';
import { PartnerError, RetailerClient } from '@looma-hub/connectors';
import { type RetailerConnection, RetailerErrors } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { TenantConnections } from '@looma-hub/platform';

export const TENANT_CONNECTIONS = Symbol('TENANT_CONNECTIONS');

/**
 * The tenant's retailer as catalog-sync reaches it. The connection is owned by the orders service and read from
 * it (cached for CONNECTIONS_CACHE_TTL_MS, dropped at once on a connection-changed event); nothing is stored here.
 */
@Injectable()
export class RetailerConnectionService {
  constructor(@Inject(TENANT_CONNECTIONS) private readonly connections: TenantConnections) {}

  /** The connection; `minRevision` refuses a cached copy older than a revision an event announced. */
  async get(tenantId: string, minRevision?: number): Promise<RetailerConnection | null> {
    return this.connections.get<RetailerConnection>(tenantId, 'retailer', minRevision === undefined ? {} : { minRevision });
  }

  async isConnected(tenantId: string): Promise<boolean> {
    return (await this.get(tenantId)) !== null;
  }

  /** A client for the tenant's retailer; `retailer.not-connected` (a business outcome) when none is configured. */
  async clientFor(tenantId: string): Promise<RetailerClient> {
    return new RetailerClient(await this.required(tenantId));
  }

  /**
   * Runs `call` with the tenant's retailer client. When the retailer refuses the credentials (401/403) and the owner
   * has a newer revision than the cached copy (the token was just rotated), it runs once more with the new one: a
   * rotation takes effect at once, not only when the cache expires.
   */
  async withClient<T>(tenantId: string, call: (client: RetailerClient) => Promise<T>, opts: { minRevision?: number } = {}): Promise<T> {
    const conn = await this.required(tenantId, opts.minRevision);
    try {
      return await call(new RetailerClient(conn));
    } catch (err) {
      if (!(err instanceof PartnerError) || (err.status !== 401 && err.status !== 403)) throw err;
      this.invalidate(tenantId);
      const fresh = await this.get(tenantId);
      if (!fresh || fresh.revision === conn.revision) throw err;
      return call(new RetailerClient(fresh));
    }
  }

  private async required(tenantId: string, minRevision?: number): Promise<RetailerConnection> {
    const conn = await this.get(tenantId, minRevision);
    if (!conn) throw new DomainError(RetailerErrors.NotConnected, `tenant ${tenantId} has no retailer connection`);
    return conn;
  }

  invalidate(tenantId: string): void {
    this.connections.invalidate(tenantId, 'retailer');
  }
}
