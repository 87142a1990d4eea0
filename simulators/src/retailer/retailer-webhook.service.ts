import { Inject, Injectable, Logger } from '@nestjs/common';
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
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature`). One attempt per status change, recorded for tests.
 */
@Injectable()
export class RetailerWebhookService implements Resettable {
  private readonly logger = new Logger(RetailerWebhookService.name);
  private target: { url: string; webhook: Webhook } | null = null;
  private deliveries: WebhookDelivery[] = [];

  constructor(
    @Inject(SIM_CONFIG) private readonly config: SimulatorsConfig,
    private readonly clock: ClockService,
    registry: ResetRegistry,
  ) {
    registry.register('retailer', this);
  }

  reset(): void {
    this.target = null;
    this.deliveries = [];
  }

  configure(url: string, secret: string): { url: string; configured: true } {
    let webhook: Webhook;
    try {
      webhook = new Webhook(secret);
    } catch {
      throw simpleError(422, 'validation_failed', 'secret must be a Standard Webhooks secret: "whsec_" + base64', 'secret');
    }
    this.target = { url, webhook };
    return { url, configured: true };
  }

  clear(): void {
    this.target = null;
  }

  status(): { url: string | null; configured: boolean; deliveries: WebhookDelivery[] } {
    return { url: this.target?.url ?? null, configured: this.target !== null, deliveries: [...this.deliveries] };
  }

  /** Sends `sale.completed` / `sale.cancelled`; null when no hub URL is configured. Never throws on delivery failure. */
  async saleStatusChanged(sale: SaleDto): Promise<WebhookDelivery | null> {
    if (!this.target) return null;
    const { url, webhook } = this.target;
    const id = prefixedId('msg');
    const sentAt = new Date();
    const type = `sale.${sale.status}`;
    const payload = {
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
