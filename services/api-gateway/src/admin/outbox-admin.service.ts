import { Inject, Injectable } from '@nestjs/common';
import type { InternalClient, ParkedOutboxRow } from '@looma-hub/platform';
import {
  CATALOG_API,
  LOYALTY_API,
  ORDERS_API,
  OUTBOX_SERVICES,
  type OutboxService,
  PRICING_API,
  WEBHOOKS_API,
} from '../common/internal-clients';

export type ParkedByService =
  { service: OutboxService; total: number; items: ParkedOutboxRow[] } | { service: OutboxService; error: string };

/** The services' parked outbox rows (what the broker refused for good), seen and re-queued from one place. */
@Injectable()
export class OutboxAdminService {
  private readonly clients: Record<OutboxService, InternalClient>;

  constructor(
    @Inject(ORDERS_API) orders: InternalClient,
    @Inject(CATALOG_API) catalog: InternalClient,
    @Inject(WEBHOOKS_API) webhooks: InternalClient,
    @Inject(PRICING_API) pricing: InternalClient,
    @Inject(LOYALTY_API) loyalty: InternalClient,
  ) {
    this.clients = { orders, 'catalog-sync': catalog, webhooks, 'pricing-rules': pricing, loyalty };
  }

  /** Every service's parked rows; a service that does not answer is listed with its error, not hidden. */
  async parked(limit = 100): Promise<ParkedByService[]> {
    return Promise.all(
      OUTBOX_SERVICES.map(async (service) => {
        try {
          return {
            service,
            ...(await this.clients[service].get<{ total: number; items: ParkedOutboxRow[] }>('/internal/outbox/parked', { limit })),
          };
        } catch (err) {
          return { service, error: (err as Error).message };
        }
      }),
    );
  }

  async requeue(service: OutboxService, ids?: string[]): Promise<{ service: OutboxService; requeued: number }> {
    const res = await this.clients[service].post<{ requeued: number }>('/internal/outbox/parked/requeue', ids?.length ? { ids } : {});
    return { service, requeued: res.requeued };
  }
}
