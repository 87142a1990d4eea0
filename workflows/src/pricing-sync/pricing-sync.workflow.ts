import type { PricingSyncActivities, PricingSyncInput, PricingSyncResult } from '@looma-hub/contracts';
import { proxyActivities } from '@temporalio/workflow';
import { ActivityPresets } from '../shared/activity-presets';

// A retailer that is down is retried with backoff for up to an hour (the rules stored keep pricing quotes meanwhile);
// a business answer (refused credentials, a page outside the contract) fails the run at once. The next scheduled
// run tries again either way.
const { maximumAttempts: _bounded, ...partnerRetry } = ActivityPresets.partner.retry;
const retailer = proxyActivities<PricingSyncActivities>({
  ...ActivityPresets.partner,
  startToCloseTimeout: '10m',
  heartbeatTimeout: '60s',
  // No attempt limit: the schedule-to-close bound ends an outage that never ends.
  scheduleToCloseTimeout: '1h',
  retry: { ...partnerRetry, maximumInterval: '5m' },
});

/**
 * Pulls a tenant's discount rules from its retailer (the REST transport of the Retailer Integration API): one
 * activity, since a rule set is small next to a catalog — tens of thousands of rules are a few dozen pages, and the
 * activity's heartbeat carries its cursor across retries.
 */
export async function pricingRulesSyncWorkflow(input: PricingSyncInput): Promise<PricingSyncResult> {
  return retailer.pullPricingRules(input);
}
