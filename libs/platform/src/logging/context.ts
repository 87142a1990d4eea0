import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request / per-message context carried through async calls: the correlation id and the tenant. */
export interface RequestContext {
  correlationId: string;
  tenantId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function setContextTenant(tenantId: string): void {
  const ctx = storage.getStore();
  if (ctx) ctx.tenantId = tenantId;
}
