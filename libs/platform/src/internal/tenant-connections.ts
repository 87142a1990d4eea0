import { ConnectionErrors, type ConnectionKind } from '@looma-hub/contracts';
import { isDomainError } from '@looma-hub/domain';
import type { InternalClient } from './internal-client';

interface Cached {
  value: { revision?: number };
  until: number;
}

/**
 * A tenant's partner connections as a service that does not own them reads them: from the owner's internal API
 * (`GET /internal/tenants/:tenantId/connections/:kind`), cached for `ttlMs`, so a rotated token takes effect
 * everywhere within the TTL — at once where the service listens to `connection-changed` and calls `invalidate`, or
 * asks for at least the revision an event announced. Nothing is stored: the secret lives only in the owner's
 * database, sealed. A missing connection is not cached, so a tenant's first connection is seen at once.
 */
export class TenantConnections {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Bumped by `invalidate`: a fetch that started before it is not cached, nor joined, after it. */
  private readonly generation = new Map<string, number>();

  constructor(
    private readonly owner: InternalClient,
    private readonly ttlMs: number,
  ) {}

  /**
   * The connection, or null when the tenant has none of that kind. `minRevision`: a cached copy older than that
   * revision is not good enough (an event announced it). Owner down → DomainError `service.unavailable`.
   */
  async get<T extends { revision?: number }>(
    tenantId: string,
    kind: ConnectionKind,
    opts: { minRevision?: number } = {},
  ): Promise<T | null> {
    const key = `${tenantId}\u0000${kind}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now() && (opts.minRevision === undefined || (hit.value.revision ?? 0) >= opts.minRevision)) {
      return hit.value as T;
    }
    const pending = this.inFlight.get(key);
    if (pending && opts.minRevision === undefined) return (await pending) as T | null;
    const generation = this.generation.get(key) ?? 0;
    const fetching = this.fetch<T>(tenantId, kind).then((value) => {
      if ((this.generation.get(key) ?? 0) === generation) {
        if (value !== null) this.cache.set(key, { value, until: Date.now() + this.ttlMs });
        else this.cache.delete(key);
      }
      return value;
    });
    this.inFlight.set(key, fetching);
    try {
      return await fetching;
    } finally {
      if (this.inFlight.get(key) === fetching) this.inFlight.delete(key);
    }
  }

  /** Drops cached copies (all kinds of the tenant when `kind` is omitted): the next `get` asks the owner. */
  invalidate(tenantId: string, kind?: ConnectionKind): void {
    const keys = new Set([...this.cache.keys(), ...this.inFlight.keys(), ...this.generation.keys()]);
    if (kind) keys.add(`${tenantId}\u0000${kind}`);
    for (const key of keys) {
      const [t, k] = key.split('\u0000');
      if (t !== tenantId || (kind !== undefined && k !== kind)) continue;
      this.cache.delete(key);
      this.inFlight.delete(key);
      this.generation.set(key, (this.generation.get(key) ?? 0) + 1);
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
