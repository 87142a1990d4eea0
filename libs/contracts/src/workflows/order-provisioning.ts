import type { OrderDraft, OrderStatus } from '../orders/order';

export const ORDER_PROVISIONING_WORKFLOW = 'orderProvisioningWorkflow';

export interface OrderProvisioningInput {
  tenantId: string;
  orderId: string;
  order: OrderDraft;
  correlationId?: string;
}

export interface OrderProvisioningResult {
  orderId: string;
  status: OrderStatus;
  retailerSaleId: string | null;
  failureReason?: string;
}

/** Query: where the saga is now (shown in the Temporal UI and by the gateway while the order row is young). */
export const ORDER_PROVISIONING_PROGRESS_QUERY = 'progress';
export interface OrderProvisioningProgress {
  step: 'recording' | 'registering' | 'notifying' | 'done' | 'failed' | 'compensating';
  status: OrderStatus;
  retailerSaleId: string | null;
}

/** Activities of the orders service (task queue `orders`), imported as types by workflow code. */
export interface OrderActivities {
  /** Writes the order (status RECEIVED) if absent; returns false when it already existed. Idempotent. */
  recordOrderReceived(input: OrderProvisioningInput): Promise<{ created: boolean }>;
  /** Registers the sale in the retailer's system; idempotent by order id on the retailer side. */
  registerSaleInRetailer(input: { tenantId: string; orderId: string; order: OrderDraft }): Promise<{ saleId: string }>;
  /** Moves the order to a status, appends history and writes the status-changed event to the outbox, atomically. Idempotent. */
  transitionOrder(input: {
    tenantId: string;
    orderId: string;
    status: OrderStatus;
    retailerSaleId?: string | null;
    reason?: string;
  }): Promise<{ changed: boolean }>;
  /**
   * Compensation: cancels the order's sale in the retailer — by sale id when known, else by order id (the
   * registration may have succeeded with its answer lost). Idempotent; a no-op when there is no sale.
   */
  cancelSaleInRetailer(input: { tenantId: string; orderId: string; saleId: string | null; reason: string }): Promise<void>;
}
