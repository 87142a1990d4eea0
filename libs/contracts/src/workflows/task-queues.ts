/** Temporal task queues: one per owning service. */
export const TaskQueues = {
  orders: 'orders',
  catalog: 'catalog',
  pricing: 'pricing',
  loyalty: 'loyalty',
} as const;

/** Business ids make starts idempotent: a second start of the same order is refused by Temporal. */
export const WorkflowIds = {
  order: (orderId: string) => `order-${orderId}`,
  catalogSync: (tenantId: string) => `catalog-sync-${tenantId}`,
  pricingSync: (tenantId: string) => `pricing-sync-${tenantId}`,
  creditSale: (id: string) => `credit-sale-${id}`,
} as const;

/** Custom search attributes registered on the namespace (deploy/local/infra.sh registers them in dev). */
export const SearchAttributes = {
  tenantId: 'LoomaTenantId',
  orderId: 'LoomaOrderId',
} as const;
