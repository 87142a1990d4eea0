export const PRICING_SYNC_WORKFLOW = 'pricingRulesSyncWorkflow';

export interface PricingSyncInput {
  tenantId: string;
  /** full: every rule the retailer has; incremental: those updated since the last sync's watermark. */
  mode: 'full' | 'incremental';
}

export interface PricingSyncResult {
  pages: number;
  seen: number;
  /** Rules stored or changed. */
  changed: number;
  /** Versions no newer than the one stored. */
  stale: number;
  /** Rules that break the contract, or collide with an admin rule or another coupon code: set aside with the reason. */
  rejected: { id: string | null; reason: string }[];
}

/** Activities of the rule sync (task queue `pricing`). */
export interface PricingSyncActivities {
  /**
   * Pulls the tenant's rules from the retailer page by page and stores each newer version; heartbeats its cursor, so
   * a retry resumes after the last stored page. A full pull disables the retailer's rules it did not see.
   */
  pullPricingRules(input: PricingSyncInput): Promise<PricingSyncResult>;
}
