import { PartnerError } from '@looma-hub/connectors';
import {
  ORDER_PROVISIONING_WORKFLOW,
  type OrderActivities,
  OrderErrors,
  type OrderProvisioningInput,
  type OrderProvisioningResult,
  OrderStatus,
  RetailerErrors,
  TaskQueues,
} from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { timeSkippingEnvironment, withWorker } from '@looma-hub/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ActivityPresets } from '../shared/activity-presets';

/**
 * The decisions of orderProvisioningWorkflow — order of steps, retries, compensation, business failures not
 * retried — on Temporal's time-skipping server, with activities that stand in for the real ones (which the orders
 * integration and e2e tests exercise) and fail the way they do: domain errors through the workers' failure mapper.
 */
// The first run bundles the workflows, which takes seconds on a loaded 2-core machine; a test that timed out would
// leave its worker on the orders task queue and fail the next one as well.
jest.setTimeout(60_000);

describe('orderProvisioningWorkflow (time-skipping)', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await timeSkippingEnvironment();
  }, 120_000);

  afterAll(async () => {
    await env?.teardown();
  });

  const input: OrderProvisioningInput = {
    tenantId: 't1',
    orderId: '00000000-0000-4000-8000-000000000001',
    order: {
      channel: 'api',
      customer: { name: 'Maria', document: '52998224725' },
      lines: [{ productId: 'P-1', quantity: 1, unitPriceCents: 1000 }],
      totalCents: 1000,
    },
  };

  function recorder(overrides: Partial<OrderActivities>) {
    const calls: string[] = [];
    const activities: OrderActivities = {
      recordOrderReceived: async () => {
        calls.push('record');
        return { created: true };
      },
      registerSaleInRetailer: async () => {
        calls.push('register');
        return { saleId: 'S-1' };
      },
      transitionOrder: async (i) => {
        calls.push(`transition:${i.status}${i.reason ? `(${i.reason})` : ''}`);
        return { changed: true };
      },
      cancelSaleInRetailer: async (i) => {
        calls.push(i.saleId ? `cancel:${i.saleId}` : 'cancel:by-order');
      },
      ...overrides,
    };
    return { calls, activities };
  }

  const run = (activities: OrderActivities, workflowId: string): Promise<OrderProvisioningResult> =>
    withWorker(env, TaskQueues.orders, activities, () =>
      env.client.workflow.execute(ORDER_PROVISIONING_WORKFLOW, { taskQueue: TaskQueues.orders, workflowId, args: [input] }),
    );

  const retailerDown = () => new PartnerError('retailer', RetailerErrors.Unavailable, 'POST /v1/sales answered 503: busy', 503, 'http.503');
  const retailerRefuses = () =>
    new PartnerError('retailer', RetailerErrors.Rejected, 'POST /v1/sales answered 422: product P-1 is inactive', 422, 'http.422');

  it('records, registers the sale, then marks the order REGISTERED', async () => {
    const { calls, activities } = recorder({});
    const result = await run(activities, 'wf-happy');
    expect(result).toEqual({ orderId: input.orderId, status: OrderStatus.Registered, retailerSaleId: 'S-1' });
    expect(calls).toEqual(['record', 'register', 'transition:REGISTERED']);
  });

  it('retries a retailer that is briefly down, with backoff, and registers once it answers', async () => {
    let attempts = 0;
    const { calls, activities } = recorder({
      registerSaleInRetailer: async () => {
        attempts++;
        if (attempts < 3) throw retailerDown();
        calls.push('register');
        return { saleId: 'S-2' };
      },
    });
    const result = await run(activities, 'wf-flaky');
    expect(result).toEqual({ orderId: input.orderId, status: OrderStatus.Registered, retailerSaleId: 'S-2' });
    expect(attempts).toBe(3);
    expect(calls).toEqual(['record', 'register', 'transition:REGISTERED']);
  });

  it('does not retry a business refusal: the order ends FAILED with the reason; the compensation finds no sale', async () => {
    let attempts = 0;
    const { calls, activities } = recorder({
      registerSaleInRetailer: async () => {
        attempts++;
        throw retailerRefuses();
      },
    });
    const result = await run(activities, 'wf-rejected');
    expect(attempts).toBe(1);
    expect(result).toEqual({
      orderId: input.orderId,
      status: OrderStatus.Failed,
      retailerSaleId: null,
      failureReason: 'retailer: POST /v1/sales answered 422: product P-1 is inactive',
    });
    expect(calls).toEqual([
      'record',
      'cancel:by-order',
      'transition:FAILED(retailer: POST /v1/sales answered 422: product P-1 is inactive)',
    ]);
  });

  it('a registration that never answers is retried until the attempts run out, then cancelled by order id (the sale may exist)', async () => {
    let attempts = 0;
    const { calls, activities } = recorder({
      registerSaleInRetailer: async () => {
        attempts++;
        throw new PartnerError('retailer', RetailerErrors.Unavailable, 'no answer within 10000 ms (POST /v1/sales)', null, 'timeout');
      },
    });
    const result = await run(activities, 'wf-lost-answer');
    // Retryable: every attempt the preset allows was made (backoff skipped by the test server).
    expect(attempts).toBe(ActivityPresets.partner.retry.maximumAttempts);
    expect(result).toMatchObject({ status: OrderStatus.Failed, retailerSaleId: null });
    expect(calls).toEqual(['record', 'cancel:by-order', expect.stringMatching(/^transition:FAILED\(/)]);
  });

  it('still compensates and marks the order FAILED when the workflow itself is cancelled mid-saga', async () => {
    let markRegistered: () => void = () => undefined;
    const registering = new Promise<void>((resolve) => (markRegistered = resolve));
    // The REGISTERED transition is still in flight when the workflow is cancelled; it ends once the compensation runs.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const { calls, activities } = recorder({
      transitionOrder: async (i) => {
        calls.push(`transition:${i.status}`);
        if (i.status === OrderStatus.Registered) {
          markRegistered();
          await released;
        }
        return { changed: true };
      },
      cancelSaleInRetailer: async (i) => {
        calls.push(i.saleId ? `cancel:${i.saleId}` : 'cancel:by-order');
        release();
      },
    });
    const result = await withWorker(env, TaskQueues.orders, activities, async () => {
      const handle = await env.client.workflow.start(ORDER_PROVISIONING_WORKFLOW, {
        taskQueue: TaskQueues.orders,
        workflowId: 'wf-cancelled',
        args: [input],
      });
      await registering;
      await handle.cancel();
      return handle.result() as Promise<OrderProvisioningResult>;
    });
    // The saga answers (it does not fail): FAILED, the sale cancelled, the reason the cancellation.
    expect(result).toEqual({
      orderId: input.orderId,
      status: OrderStatus.Failed,
      retailerSaleId: 'S-1',
      failureReason: 'order provisioning was cancelled',
    });
    expect(calls).toEqual(['record', 'register', 'transition:REGISTERED', 'cancel:S-1', 'transition:FAILED']);
  });

  it('cancels the registered sale when a later step fails for good (compensation in reverse)', async () => {
    const { calls, activities } = recorder({
      transitionOrder: async (i) => {
        calls.push(`transition:${i.status}`);
        if (i.status === OrderStatus.Registered)
          throw new DomainError(OrderErrors.InvalidTransition, 'order cannot go from CANCELLED to REGISTERED');
        return { changed: true };
      },
    });
    const result = await run(activities, 'wf-compensate');
    expect(result).toEqual({
      orderId: input.orderId,
      status: OrderStatus.Failed,
      retailerSaleId: 'S-1',
      failureReason: 'order cannot go from CANCELLED to REGISTERED',
    });
    expect(calls).toEqual(['record', 'register', 'transition:REGISTERED', 'cancel:S-1', 'transition:FAILED']);
  });
});
