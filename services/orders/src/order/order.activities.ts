import { Injectable, Logger } from '@nestjs/common';
import { PartnerError } from '@looma-hub/connectors';
import type { OrderActivities, OrderDraft, OrderProvisioningInput } from '@looma-hub/contracts';
import { ApplicationFailure } from '@temporalio/common';
import type { OrderStatus } from './domain/order';
import { InvalidTransitionError } from './domain/order';
import { OrderService } from './order.service';
import { RetailerConnectionService } from '../retailer/retailer-connection.service';
import { ProblemException, withHeartbeat } from '@looma-hub/platform';

/** Failure types workflows treat as business outcomes (never retried). */
export const RETAILER_REJECTED = 'RetailerRejected';
export const RETAILER_NOT_CONNECTED = 'RetailerNotConnected';
export const INVALID_TRANSITION = 'InvalidOrderTransition';

/** The orders service's activities (task queue `orders`). Each one is safe to retry. */
@Injectable()
export class OrderActivitiesService implements OrderActivities {
  private readonly logger = new Logger(OrderActivitiesService.name);

  constructor(
    private readonly orders: OrderService,
    private readonly retailer: RetailerConnectionService,
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
    try {
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
    } catch (err) {
      throw toActivityFailure(err);
    }
  }

  async transitionOrder(input: {
    tenantId: string;
    orderId: string;
    status: OrderStatus;
    retailerSaleId?: string | null;
    reason?: string;
  }): Promise<{ changed: boolean }> {
    try {
      return await this.orders.transition(input);
    } catch (err) {
      if (err instanceof InvalidTransitionError) throw ApplicationFailure.nonRetryable(err.message, INVALID_TRANSITION);
      throw err;
    }
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
      throw toActivityFailure(err);
    }
  }

  private async clientFor(tenantId: string) {
    try {
      return await this.retailer.clientFor(tenantId);
    } catch (err) {
      if (err instanceof ProblemException) throw ApplicationFailure.nonRetryable(err.detail ?? err.message, RETAILER_NOT_CONNECTED);
      throw err;
    }
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

/** Retryable partner trouble stays a plain error (Temporal retries it); a business answer stops the saga. */
function toActivityFailure(err: unknown): Error {
  if (err instanceof PartnerError && !err.retryable) {
    return ApplicationFailure.nonRetryable(err.message, RETAILER_REJECTED, { status: err.status, code: err.code, body: err.body });
  }
  return err instanceof Error ? err : new Error(String(err));
}
