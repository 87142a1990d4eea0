import { defineErrorCodes } from '@looma-hub/domain';

export const PricingErrors = defineErrorCodes({
  RuleNotFound: { code: 'pricing.rule-not-found', category: 'not_found', title: 'Pricing rule not found' },
  RuleExists: { code: 'pricing.rule-exists', category: 'conflict', title: 'A rule with this id exists' },
  /** Coupon codes are unique per tenant (case and accents ignored). */
  CouponCodeTaken: { code: 'pricing.coupon-code-taken', category: 'conflict', title: 'Another rule has this coupon code' },
  /** The retailer publishes this rule: change it there (the hub may only enable or disable it). */
  RuleManagedByRetailer: { code: 'pricing.rule-managed-by-retailer', category: 'conflict', title: 'Rule managed by the retailer' },
  /** A rule the retailer published breaks the contract (set aside by the sync, with this code as its reason). */
  RuleInvalid: { code: 'pricing.rule-invalid', category: 'invalid', title: 'Invalid pricing rule' },
  /** The eligibility source asked for is not available to this tenant. */
  EligibilitySourceUnavailable: {
    code: 'pricing.eligibility-source-unavailable',
    category: 'invalid',
    title: 'Eligibility source not available',
  },
  /** A quote with more lines, or coupons, than a quote takes. */
  QuoteTooLarge: { code: 'pricing.quote-too-large', category: 'invalid', title: 'Quote too large' },
  /** A coupon's total usage limit is reached (reserved and confirmed uses count). */
  CouponExhausted: { code: 'coupon.exhausted', category: 'rejected', title: 'Coupon usage limit reached' },
  /** This customer (CPF/CNPJ) has used the coupon as often as it allows. */
  CouponCustomerLimit: { code: 'coupon.customer-limit', category: 'rejected', title: 'Coupon already used by this customer' },
  /** The coupon limits uses per customer, so its use needs the customer's CPF or CNPJ. */
  CouponCustomerRequired: { code: 'coupon.customer-required', category: 'invalid', title: 'Coupon needs the customer document' },
  /** The order's coupon reservation expired or was released before it was confirmed. */
  CouponReservationExpired: { code: 'coupon.reservation-expired', category: 'conflict', title: 'Coupon reservation no longer held' },
  /** The order holds no coupon reservation to confirm. */
  CouponReservationNotFound: { code: 'coupon.reservation-not-found', category: 'not_found', title: 'No coupon reservation' },
});
