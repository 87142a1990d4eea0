import type { RedemptionStatus } from './coupon-ledger.entity';

// The ledger's inputs and answers, shared by its HTTP API and its Temporal activities (plain JSON: instants as ISO
// strings). They move to @looma-hub/contracts with the order saga that calls the activities.

export interface ReserveCouponInput {
  tenantId: string;
  /** The coupon rule (its id in the rule store). */
  ruleId: string;
  /** The code the customer typed; stored normalised. */
  code: string;
  orderId: string;
  /** CPF or CNPJ, any punctuation; needed when the coupon limits uses per customer. */
  customerDocument?: string | null;
  /** Uses in total; null = unlimited. */
  usageLimit?: number | null;
  /** Uses per CPF/CNPJ; null = unlimited. */
  perCustomerLimit?: number | null;
  /** How long the use is held if the sale is never confirmed (default: PRICING_COUPON_RESERVATION_TTL_MS). */
  ttlMs?: number;
}

export interface CouponReservation {
  /** `confirmed` when the order's use was confirmed already (a late retry of the reservation). */
  status: 'reserved' | 'confirmed';
  reservationId: string;
  ruleId: string;
  orderId: string;
  expiresAt: string;
}

export interface CouponRedemptionView {
  reservationId: string;
  ruleId: string;
  code: string;
  orderId: string;
  status: RedemptionStatus;
  reservedAt: string;
  expiresAt: string;
  confirmedAt: string | null;
  releasedAt: string | null;
  reason: string | null;
}

export interface CouponOrderInput {
  tenantId: string;
  orderId: string;
  /** One coupon of the order; all of them when absent. */
  ruleId?: string | null;
}

export interface ReleaseCouponInput extends CouponOrderInput {
  /** Why (e.g. `order-cancelled`, `payment-failed`); kept on the redemption. */
  reason: string;
}

export interface CouponUsage {
  used: number;
  reserved: number;
  /** Uses left, when the coupon has a total limit. */
  remaining: number | null;
}

export type CouponStanding = 'ok' | 'exhausted' | 'customer-limit' | 'customer-required';

export interface CouponLimits {
  ruleId: string;
  usageLimit: number | null;
  perCustomerLimit: number | null;
}

/** What the order saga calls (on the pricing task queue): reserve when the order is placed, then confirm or release. */
export interface CouponActivities {
  reserveCoupon(input: ReserveCouponInput): Promise<CouponReservation>;
  confirmCoupon(input: CouponOrderInput): Promise<{ redemptions: CouponRedemptionView[] }>;
  releaseCoupon(input: ReleaseCouponInput): Promise<{ redemptions: CouponRedemptionView[] }>;
}
