import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { InternalClient } from '@looma-hub/platform';
import { CATALOG_API, ORDERS_API, PRICING_API, WEBHOOKS_API } from '../common/internal-clients';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { TenantService } from './tenant.service';

/** A creation still `provisioning` after this long was abandoned (the gateway that ran it died). */
const ABANDONED_PROVISIONING_MS = 120_000;

export interface PurgeOutcome {
  /** Services that confirmed they hold nothing more of the tenant. */
  purged: string[];
  /** Services that did not answer (or refused): the sweep asks them again. */
  pending: { service: string; error: string }[];
}

/**
 * Deleting a tenant — asked for by an operator, or undoing a creation that failed half-way — so that nothing is
 * left behind in any service. The tenant is marked `deleting` first (its keys stop working); then every service
 * that holds tenant data is asked to drop it (`DELETE /internal/tenants/:id`, idempotent), again and again by a
 * sweep until all confirmed; only then, and not before TENANT_PURGE_SETTLE_MS after the deletion started (a
 * request that timed out may still commit late), a last purge runs and the tenant row goes, freeing its id.
 */
@Injectable()
export class TenantLifecycleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TenantLifecycleService.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  /** The services that hold tenant data today (loyalty joins when it stores some). */
  private readonly holders: [string, InternalClient][];

  constructor(
    private readonly tenants: TenantService,
    @Inject(GATEWAY_CONFIG) private readonly config: Pick<GatewayConfig, 'TENANT_PURGE_INTERVAL_MS' | 'TENANT_PURGE_SETTLE_MS'>,
    @Inject(ORDERS_API) orders: InternalClient,
    @Inject(CATALOG_API) catalog: InternalClient,
    @Inject(WEBHOOKS_API) webhooks: InternalClient,
    @Inject(PRICING_API) pricing: InternalClient,
  ) {
    this.holders = [
      ['orders', orders],
      ['catalog-sync', catalog],
      ['webhooks', webhooks],
      // Rules, settings, the sync schedule and the coupon ledger; it stores nothing at creation (the schedule starts
      // when the retailer connects), so only deletion involves it.
      ['pricing-rules', pricing],
    ];
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.TENANT_PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }

  /**
   * Starts deleting the tenant and purges at once. `settled: true` (a creation that failed on a clear answer, with
   * no request left in flight) lets the row go right away when every service confirmed.
   */
  async delete(tenantId: string, opts: { settled?: boolean } = {}): Promise<{ status: 'deleting' | 'deleted'; pending: string[] }> {
    await this.tenants.markDeleting(tenantId);
    const outcome = await this.purge(tenantId);
    if (opts.settled && !outcome.pending.length && (await this.tenants.removeDeleted(tenantId))) {
      this.logger.log({ tenantId }, 'tenant deleted');
      return { status: 'deleted', pending: [] };
    }
    return { status: 'deleting', pending: outcome.pending.map((p) => p.service) };
  }

  /** Asks every holder to drop the tenant's data; never throws. */
  async purge(tenantId: string): Promise<PurgeOutcome> {
    const outcome: PurgeOutcome = { purged: [], pending: [] };
    await Promise.all(
      this.holders.map(async ([service, client]) => {
        try {
          await client.delete(`/internal/tenants/${encodeURIComponent(tenantId)}`);
          outcome.purged.push(service);
        } catch (err) {
          outcome.pending.push({ service, error: (err as Error).message });
        }
      }),
    );
    if (outcome.pending.length) this.logger.warn({ tenantId, pending: outcome.pending }, 'tenant purge incomplete; the sweep retries');
    return outcome;
  }

  /** One pass over the tenants being deleted (and creations a crashed gateway left half-way, which are deleted too). */
  async sweep(): Promise<void> {
    if (this.sweeping) return this.sweeping;
    this.sweeping = (async () => {
      try {
        const abandoned = await this.tenants.abandonProvisioning(ABANDONED_PROVISIONING_MS);
        if (abandoned.length) this.logger.warn({ tenants: abandoned }, 'tenant creations left half-way are rolled back');
        for (const tenant of await this.tenants.deleting()) {
          const since = tenant.deletingSince?.getTime() ?? 0;
          const settled = Date.now() - since >= this.config.TENANT_PURGE_SETTLE_MS;
          const outcome = await this.purge(tenant.id);
          if (settled && !outcome.pending.length && (await this.tenants.removeDeleted(tenant.id))) {
            this.logger.log({ tenantId: tenant.id }, 'tenant deleted');
          }
        }
      } catch (err) {
        this.logger.warn({ err }, 'tenant purge sweep failed; will retry');
      } finally {
        this.sweeping = undefined;
      }
    })();
    return this.sweeping;
  }
}
