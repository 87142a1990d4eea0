/**
 * Stock reservations: an order in flight holds units so that two chats cannot sell the last one twice. Exposed by
 * catalog-sync as activities on the `catalog` task queue for the order saga; keyed by (tenant, order, line), so a
 * retried call never holds twice.
 */

export interface ReservationLine {
  /** The order line's own id (unique within the order). */
  lineId: string;
  /** The retailer's product id. */
  productId: string;
  /** The retailer's variant id, when the product is sold by variant. */
  variantId?: string | null;
  quantity: number;
}

export interface ReserveStockInput {
  tenantId: string;
  orderId: string;
  lines: ReservationLine[];
  /** How long the units are held unless confirmed or released; default 30 minutes. */
  ttlSeconds?: number;
}

export interface ReservationView {
  orderId: string;
  lineId: string;
  productId: string;
  variantId: string | null;
  quantity: number;
  status: 'reserved' | 'confirmed' | 'released' | 'expired';
  expiresAt: string;
}

/** Why a line could not be held (the whole reservation is then refused, nothing held). */
export interface ReservationShortage {
  lineId: string;
  productId: string;
  variantId: string | null;
  requested: number;
  available: number;
  reason: 'insufficient-stock' | 'unknown-product' | 'unknown-variant' | 'inactive';
}

export interface StockReservationActivities {
  /**
   * Holds every line or none (`catalog.stock-insufficient`, non-retryable, the shortages in its details). Calling it
   * again for lines already held returns them as they are; a line held with another quantity is a conflict.
   */
  reserveStock(input: ReserveStockInput): Promise<{ reservations: ReservationView[] }>;
  /** The sale was registered: the units stay held until the retailer's stock reflects it. Idempotent. */
  confirmReservation(input: { tenantId: string; orderId: string }): Promise<{ confirmed: number }>;
  /** Compensation: gives the units back (all lines, or the ones named). Idempotent; nothing held is fine. */
  releaseReservation(input: { tenantId: string; orderId: string; lineIds?: string[] }): Promise<{ released: number }>;
}
