import { ConnectionErrors, type ConnectionKind } from '@looma-hub/contracts';
import { isDomainError } from '@looma-hub/domain';
import type { InternalClient } from './internal-client';

interface Cached {
  value: unknown;
  until: number;
}

/**
 * A tenant's partner connections as a service that does not own them reads them: from the owner's internal API
 * (`GET /internal/tenants/:tenantId/connections/:kind`), cached for `ttlMs`, so a rotated token takes effect
 * everywhere within the TTL (at once where the service also listens to `connection-changed` and calls
 * `invalidate`). Nothing is stored: the secret lives only in the owner's database, sealed. A missing connection is
 * not cached, so a tenant's first connection is seen at once.
 */
export class TenantConnections {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly owner: InternalClient,
    private readonly ttlMs: number,
  ) {}

  /** The connection, or null when the tenant has none of that kind. Owner down → DomainError `service.unavailable`. */
  async get<T>(tenantId: string, kind: ConnectionKind): Promise<T | null> {
    const key = `${tenantId}\u0000${kind}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.value as T;
    const pending = this.inFlight.get(key);
    if (pending) return (await pending) as T | null;
    const fetching = this.fetch<T>(tenantId, kind).then((value) => {
      if (value !== null) this.cache.set(key, { value, until: Date.now() + this.ttlMs });
      else this.cache.delete(key);
      return value;
    });
    this.inFlight.set(key, fetching);
    try {
      return await fetching;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Drops cached copies (all kinds of the tenant when `kind` is omitted): the next `get` asks the owner. */
  invalidate(tenantId: string, kind?: ConnectionKind): void {
    for (const key of this.cache.keys()) {
      const [t, k] = key.split('\u0000');
      if (t === tenantId && (kind === undefined || k === kind)) this.cache.delete(key);
    }
  }

  private async fetch<T>(tenantId: string, kind: ConnectionKind): Promise<T | null> {
    try {
      return await this.owner.get<T>(`/internal/tenants/${encodeURIComponent(tenantId)}/connections/${kind}`);
    } catch (err) {
      if (isDomainError(err, ConnectionErrors.NotFound)) return null;
      throw err;
    }
  }
}
