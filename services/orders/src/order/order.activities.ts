import { Injectable, Logger } from '@nestjs/common';
import { PartnerError } from '@looma-hub/connectors';
import type { OrderActivities, OrderDraft, OrderProvisioningInput } from '@looma-hub/contracts';
import { withHeartbeat } from '@looma-hub/platform';
import type { OrderStatus } from './domain/order';
import { OrderService } from './order.service';
import { ConnectionService } from '../connections/connection.service';

/**
 * The orders service's activities (task queue `orders`). Each one is safe to retry. They throw domain errors
 * (a partner's refusal, a refused transition, a missing connection); the worker's failure mapper turns them into
 * non-retryable Temporal failures typed by their code, and outages into retryable ones.
 */
@Injectable()
export class OrderActivitiesService implements OrderActivities {
  private readonly logger = new Logger(OrderActivitiesService.name);

  constructor(
    private readonly orders: OrderService,
    private readonly connections: ConnectionService,
  ) {}

  async recordOrderReceived(input: OrderProvisioningInput): Promise<{ created: boolean }> {
    return this.orders.recordReceived(input);
  }

  async registerSaleInRetailer(input: { tenantId: string; orderId: string; order: OrderDraft }): Promise<{ saleId: string }> {
    const client = await this.clientFor(input.tenantId);
    // Debug detail for support; the logger masks the customer's document.
    this.logger.debug(
      { orderId: input.orderId, customer: input.order.customer, totalCents: input.order.totalCents },
      'registering sale in retailer',
    );
    const sale = await withHeartbeat(
      client.registerSale({
        orderId: input.orderId,
        tenantId: input.tenantId,
        customer: input.order.customer,
        items: input.order.lines.map((l) => ({
          productId: l.productId,
          ...(l.sku ? { sku: l.sku } : {}),
          quantity: l.quantity,
          unitPriceCents: l.unitPriceCents,
        })),
        totalCents: input.order.totalCents,
        ...(input.order.paymentMethod ? { paymentMethod: input.order.paymentMethod } : {}),
        ...(input.order.notes ? { notes: input.order.notes } : {}),
      }),
    );
    this.logger.log({ orderId: input.orderId, saleId: sale.saleId }, 'sale registered in retailer');
    return { saleId: sale.saleId };
  }

  async transitionOrder(input: {
    tenantId: string;
    orderId: string;
    status: OrderStatus;
    retailerSaleId?: string | null;
    reason?: string;
  }): Promise<{ changed: boolean }> {
    return this.orders.transition(input);
  }

  async cancelSaleInRetailer(input: { tenantId: string; orderId: string; saleId: string | null; reason: string }): Promise<void> {
    const client = await this.clientFor(input.tenantId);
    try {
      await withHeartbeat(
        input.saleId ? client.cancelSale(input.saleId, input.reason) : client.cancelSaleByOrder(input.orderId, input.reason),
      );
      this.logger.log({ orderId: input.orderId, saleId: input.saleId }, 'sale cancelled in retailer (compensation)');
    } catch (err) {
      // Already cancelled / unknown sale: nothing left to compensate.
      if (err instanceof PartnerError && (err.status === 404 || err.status === 409)) return;
      throw err;
    }
  }

  private clientFor(tenantId: string) {
    return this.connections.retailerClient(tenantId);
  }

  /** Binds the methods so Temporal can call them as plain functions. */
  asActivities(): OrderActivities {
    return {
      recordOrderReceived: this.recordOrderReceived.bind(this),
      registerSaleInRetailer: this.registerSaleInRetailer.bind(this),
      transitionOrder: this.transitionOrder.bind(this),
      cancelSaleInRetailer: this.cancelSaleInRetailer.bind(this),
    };
  }
}
