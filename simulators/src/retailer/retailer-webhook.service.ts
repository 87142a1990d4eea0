import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RetailerSaleWebhook } from '@looma-hub/contracts';
import { Webhook } from 'standardwebhooks';
import { prefixedId } from '../common/ids';
import { type SimulatorsConfig } from '../config';
import { ClockService } from '../core/clock.service';
import { simpleError } from '../core/error-shapes';
import { ResetRegistry, type Resettable } from '../core/reset-registry';
import { SIM_CONFIG } from '../core/tokens';
import { type SaleDto } from './retailer.types';

export interface WebhookDelivery {
  id: string;
  type: string;
  url: string;
  payload: unknown;
  attemptedAt: string;
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * The retailer's optional push: "sale completed/cancelled" sent to the hub, signed with Standard Webhooks
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature`). One target per hub tenant (a sale goes to its tenant's,
 * e.g. the gateway's `/v1/inbound/<tenant>/retailer` with that tenant's source secret), or one for every sale.
 * One attempt per status change, recorded for tests.
 */
@Injectable()
export class RetailerWebhookService implements Resettable {
  private readonly logger = new Logger(RetailerWebhookService.name);
  /** By hub tenant id; the empty key is the target of every sale without a target of its own. */
  private targets = new Map<string, { url: string; webhook: Webhook }>();
  private deliveries: WebhookDelivery[] = [];

  constructor(
    @Inject(SIM_CONFIG) private readonly config: SimulatorsConfig,
    private readonly clock: ClockService,
    registry: ResetRegistry,
  ) {
    registry.register('retailer', this);
  }

  reset(): void {
    this.targets = new Map();
    this.deliveries = [];
  }

  configure(url: string, secret: string, tenantId?: string): { url: string; tenantId: string | null; configured: true } {
    let webhook: Webhook;
    try {
      webhook = new Webhook(secret);
    } catch {
      throw simpleError(422, 'validation_failed', 'secret must be a Standard Webhooks secret: "whsec_" + base64', 'secret');
    }
    this.targets.set(tenantId ?? '', { url, webhook });
    return { url, tenantId: tenantId ?? null, configured: true };
  }

  /** Removes one tenant's target, or all of them. */
  clear(tenantId?: string): void {
    if (tenantId === undefined) this.targets.clear();
    else this.targets.delete(tenantId);
  }

  status(): {
    url: string | null;
    configured: boolean;
    targets: { tenantId: string | null; url: string }[];
    deliveries: WebhookDelivery[];
  } {
    return {
      url: this.targets.get('')?.url ?? null,
      configured: this.targets.size > 0,
      targets: [...this.targets].map(([tenantId, t]) => ({ tenantId: tenantId || null, url: t.url })),
      deliveries: [...this.deliveries],
    };
  }

  /** Sends `sale.completed` / `sale.cancelled`; null when no hub URL is configured. Never throws on delivery failure. */
  async saleStatusChanged(sale: SaleDto): Promise<WebhookDelivery | null> {
    const target = (sale.tenantId ? this.targets.get(sale.tenantId) : undefined) ?? this.targets.get('');
    if (!target || sale.status === 'registered') return null;
    const { url, webhook } = target;
    const id = prefixedId('msg');
    const sentAt = new Date();
    const type = sale.status === 'completed' ? 'sale.completed' : 'sale.cancelled';
    const payload: RetailerSaleWebhook = {
      type,
      timestamp: sentAt.toISOString(),
      data: {
        saleId: sale.saleId,
        orderId: sale.orderId,
        tenantId: sale.tenantId,
        status: sale.status,
        occurredAt: sale.updatedAt,
      },
    };
    const body = JSON.stringify(payload);
    const started = this.clock.now();
    const delivery: WebhookDelivery = {
      id,
      type,
      url,
      payload,
      attemptedAt: sentAt.toISOString(),
      ok: false,
      status: null,
      error: null,
      durationMs: 0,
    };
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': Math.floor(sentAt.getTime() / 1000).toString(),
          'webhook-signature': webhook.sign(id, sentAt, body),
        },
        body,
        signal: AbortSignal.timeout(this.config.retailer.webhookTimeoutMs),
      });
      await res.arrayBuffer();
      delivery.status = res.status;
      delivery.ok = res.ok;
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
      this.logger.warn(`webhook ${type} to ${url} failed: ${delivery.error}`);
    }
    delivery.durationMs = this.clock.now() - started;
    this.deliveries.push(delivery);
    if (this.deliveries.length > 1000) this.deliveries.shift();
    return delivery;
  }
}
