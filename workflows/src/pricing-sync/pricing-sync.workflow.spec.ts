import { randomUUID } from 'node:crypto';
import { PRICING_SYNC_WORKFLOW, type PricingSyncActivities, type PricingSyncResult, RetailerErrors } from '@looma-hub/contracts';
import { timeSkippingEnvironment, withWorker } from '@looma-hub/testing';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

jest.setTimeout(60_000);

const RESULT: PricingSyncResult = { pages: 2, seen: 700, changed: 12, stale: 688, rejected: [] };

/** The rule sync on the time-skipping server: a retailer outage is retried until it ends; a business answer is not. */
describe('pricingRulesSyncWorkflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await timeSkippingEnvironment();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  async function run(activity: PricingSyncActivities['pullPricingRules']) {
    const taskQueue = `pricing-sync-${randomUUID()}`;
    return withWorker(env, taskQueue, { pullPricingRules: activity }, () =>
      env.client.workflow.execute(PRICING_SYNC_WORKFLOW, {
        taskQueue,
        workflowId: `pricing-sync-t-${randomUUID()}`,
        args: [{ tenantId: 't', mode: 'full' }],
      }),
    );
  }

  it('retries a retailer that is down (past the partner preset’s 12 attempts) and returns the pull’s counts', async () => {
    let calls = 0;
    const result = await run(async () => {
      calls++;
      if (calls < 15) throw ApplicationFailure.retryable('retailer down', RetailerErrors.Unavailable.code);
      return RESULT;
    });
    expect(result).toEqual(RESULT);
    expect(calls).toBe(15);
  });

  it('fails at once on a business answer (the retailer refuses)', async () => {
    let calls = 0;
    const failed = run(async () => {
      calls++;
      throw ApplicationFailure.nonRetryable('refused', RetailerErrors.Rejected.code);
    });
    await expect(failed).rejects.toBeInstanceOf(WorkflowFailedError);
    expect(calls).toBe(1);
  });
});
