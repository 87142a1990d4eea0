import type { WebhookFormat } from '../events/webhook-events';

/**
 * A tenant's partner connections. Each kind has one owner that stores it (secrets sealed) and serves it to the
 * other services through its internal API (`GET /internal/tenants/:tenantId/connections/:kind`), which they cache
 * briefly; a change is announced on `hub.tenants.connection-changed.v1`. Owners: `retailer` — orders (the credit
 * and B2B settings of later issues join it there); the loyalty program's tokens — loyalty; chat-platform endpoints
 * — webhooks.
 */
export const ConnectionKinds = ['retailer'] as const;
export type ConnectionKind = (typeof ConnectionKinds)[number];

/** How a tenant reaches its retailer (REST pull transport of the Retailer Integration API). */
export interface RetailerConnectionInput {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
}

/** What the owner serves to the other services (internal API only): the settings, the secret in clear, the revision. */
export interface RetailerConnection {
  tenantId: string;
  kind: 'retailer';
  baseUrl: string;
  token: string;
  timeoutMs: number;
  /** Grows on every change (one hub-wide sequence, never reused, even after a removal): a reader can tell a cached copy is stale. */
  revision: number;
  updatedAt: string;
}

/** A connection as admins see it: never the secret, only its last four characters. */
export interface ConnectionView {
  tenantId: string;
  kind: ConnectionKind;
  settings: Record<string, unknown>;
  /** e.g. `{ token: "…k3n9" }`. */
  secretHints: Record<string, string>;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookEndpointInput {
  url: string;
  /** Standard Webhooks secret (`whsec_…`); generated when omitted. */
  secret?: string;
  /** Up to five custom headers sent with every delivery (chat platforms' custom auth). */
  headers?: Record<string, string>;
  /** Event types to deliver; all when omitted. */
  events?: string[];
  description?: string;
  /** Body shape (`WebhookFormats`); `standard` when omitted. */
  format?: WebhookFormat;
  /** Per format: `looma` `{ workspaceId? }`, `omnichat` `{ responsible? }`, the others none. */
  options?: Record<string, unknown>;
  /** true when omitted. */
  enabled?: boolean;
}
