/** The hub's order lifecycle. Partner vocabularies (Looma, OmniChat) are mapped at the edges. */
export const OrderStatus = {
  Received: 'RECEIVED',
  Registered: 'REGISTERED',
  Completed: 'COMPLETED',
  Cancelled: 'CANCELLED',
  Failed: 'FAILED',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/** Looma Chat's cart status values (PARTNERS.md §1/§6) — kept verbatim in outbound events for Looma. */
export type LoomaCartStatus = 'processing' | 'finished' | 'shipped' | 'cancelled';

export const loomaStatusOf: Record<OrderStatus, LoomaCartStatus | null> = {
  RECEIVED: 'processing',
  REGISTERED: 'processing',
  COMPLETED: 'finished',
  CANCELLED: 'cancelled',
  FAILED: 'cancelled',
};

/** OmniChat custom-integration progress statuses (PARTNERS.md §2). */
export type OmniChatOrderStatus = 'ORDER_GATEWAY_PROVISIONED' | 'PACKAGED' | 'PARTIALLY_SHIPPED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';

export const omniChatStatusOf: Record<OrderStatus, OmniChatOrderStatus | null> = {
  RECEIVED: null,
  REGISTERED: 'ORDER_GATEWAY_PROVISIONED',
  COMPLETED: 'DELIVERED',
  CANCELLED: 'CANCELLED',
  FAILED: 'CANCELLED',
};

export interface OrderCustomer {
  name: string;
  /** CPF or CNPJ, digits (or alphanumeric CNPJ) without punctuation. */
  document: string;
  phone?: string;
  email?: string;
}

export interface OrderLine {
  productId: string;
  sku?: string;
  name?: string;
  quantity: number;
  unitPriceCents: number;
}

/** What the chat platform asked for, as validated by the gateway. */
export interface OrderDraft {
  externalId?: string;
  channel: 'api' | 'omnichat' | 'looma';
  customer: OrderCustomer;
  lines: OrderLine[];
  totalCents: number;
  paymentMethod?: string;
  notes?: string;
}

export interface OrderStatusEntry {
  status: OrderStatus;
  at: string;
  reason?: string;
}

/** The order as the public API shows it. */
export interface OrderView {
  id: string;
  tenantId: string;
  externalId: string | null;
  status: OrderStatus;
  customer: OrderCustomer;
  lines: OrderLine[];
  totalCents: number;
  retailerSaleId: string | null;
  workflowId: string;
  createdAt: string;
  updatedAt: string;
  history: OrderStatusEntry[];
}
