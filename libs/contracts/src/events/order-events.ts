import type { LoomaCartStatus, OmniChatOrderStatus, OrderStatus } from '../orders/order';

/** `hub.orders.order-status-changed.v1` */
export interface OrderStatusChangedV1 {
  orderId: string;
  externalId: string | null;
  status: OrderStatus;
  previousStatus: OrderStatus | null;
  loomaStatus: LoomaCartStatus | null;
  omniChatStatus: OmniChatOrderStatus | null;
  retailerSaleId: string | null;
  reason?: string;
  totalCents: number;
  occurredAt: string;
}
