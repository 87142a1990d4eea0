// The quote engine's own vocabulary: plain data, no Nest, TypeORM or zod. The service turns stored rules into
// `EngineRule`s once per rule-set version (compileRule) and catalog answers into `CartLine`s per quote.
import type { NotAppliedReason, RuleAction, RuleCombination, RuleKind } from './contract-types';

export interface CompiledTarget {
  /** Every list empty: the rule touches every line. */
  all: boolean;
  productIds: ReadonlySet<string>;
  variantIds: ReadonlySet<string>;
  categories: ReadonlySet<string>;
  manufacturers: ReadonlySet<string>;
  collections: ReadonlySet<string>;
}

export interface CompiledConditions {
  fromMs: number | null;
  untilMs: number | null;
  /** ISO weekdays (1 = Monday) in São Paulo; null = every day. */
  weekdays: ReadonlySet<number> | null;
  /** Minutes since São Paulo midnight, `from` inclusive, `until` exclusive; null = all day. */
  hours: { from: number; until: number } | null;
  minQuantity: number | null;
  minCartValueCents: number | null;
  registeredOnly: boolean;
  tiers: ReadonlySet<string> | null;
  segments: ReadonlySet<string> | null;
  channels: ReadonlySet<string> | null;
  stores: ReadonlySet<string> | null;
}

export interface EngineRule {
  id: string;
  name: string;
  kind: RuleKind;
  priority: number;
  combination: RuleCombination;
  target: CompiledTarget;
  conditions: CompiledConditions;
  action: RuleAction;
  /** Normalised coupon code (see normalizeCode); null for rules that need none. */
  couponCode: string | null;
  /** The coupon's usage limits (the coupon ledger checks them); null for rules that need no code. */
  couponLimits: { usageLimit: number | null; perCustomerLimit: number | null } | null;
  /** Needs the customer's eligibility (registered, tier or segment). */
  needsEligibility: boolean;
}

/** One priceable line: the catalog's facts for it, names already normalised (normalizeName). */
export interface CartLine {
  productId: string;
  variantId: string | null;
  quantity: number;
  /** The catalog's price in force for one unit (promo price inside its window). */
  unitPriceCents: number;
  categories: readonly string[];
  /** Manufacturer and brand. */
  manufacturers: readonly string[];
  collections: readonly string[];
}

export type CustomerContext =
  | { status: 'anonymous' }
  | { status: 'unavailable'; message: string }
  | { status: 'known'; registered: boolean; tier: string | null; segments: readonly string[] };

/** What the coupon ledger says of a coupon rule for this customer right now. */
export type CouponStanding = 'ok' | 'exhausted' | 'customer-limit' | 'customer-required' | 'disabled';

export interface PricingContext {
  atMs: number;
  channel: string | null;
  store: string | null;
  customer: CustomerContext;
  /** Codes as the customer typed them (normalised by the engine). */
  couponCodes: readonly string[];
  /** By rule id; a coupon rule missing here counts as `ok`. */
  couponStanding: ReadonlyMap<string, CouponStanding>;
}

export interface LineDiscount {
  ruleId: string;
  name: string;
  kind: RuleKind;
  amountCents: number;
}

export interface PricedLine {
  subtotalCents: number;
  discounts: LineDiscount[];
  discountCents: number;
  totalCents: number;
}

export interface NotApplied {
  ruleId: string | null;
  name: string | null;
  couponCode: string | null;
  reason: NotAppliedReason;
  message: string;
}

export interface PricingResult {
  /** In the order of the input lines. */
  lines: PricedLine[];
  /** Per rule applied, its amount over the cart, in the order the engine applied them. */
  discounts: LineDiscount[];
  notApplied: NotApplied[];
  freeShipping: boolean;
  coupons: { code: string; ruleId: string | null; applied: boolean }[];
  subtotalCents: number;
  discountCents: number;
  totalCents: number;
  /** Rules the index offered for this cart (the engine's cost grows with this, not with the tenant's rule count). */
  candidates: number;
}
