import type { ConnectionKind } from '../tenants/connections';

/**
 * `hub.tenants.connection-changed.v1` — a tenant's partner connection was created, changed or removed by its owner,
 * keyed by `<tenantId>:<kind>`. Carries no secret: a consumer that needs the connection reads it from the owner
 * (and drops what it cached now, rather than when its cache expires).
 */
export interface ConnectionChangedV1 {
  tenantId: string;
  kind: ConnectionKind;
  /** The connection's revision after the change (only grows; compare, never count). */
  revision: number;
  /** Which settings changed (`baseUrl`, `token`, …); every field when the connection first appears. */
  changed: string[];
  removed: boolean;
  occurredAt: string;
}
