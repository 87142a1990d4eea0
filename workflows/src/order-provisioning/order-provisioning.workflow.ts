import {
  ORDER_PROVISIONING_PROGRESS_QUERY,
  type OrderActivities,
  type OrderProvisioningInput,
  type OrderProvisioningProgress,
  type OrderProvisioningResult,
  OrderStatus,
  TaskQueues,
} from '@looma-hub/contracts';
import { ApplicationFailure, CancellationScope, defineQuery, isCancellation, log, proxyActivities, setHandler } from '@temporalio/workflow';
import { ActivityPresets } from '../shared/activity-presets';

const db = proxyActivities<OrderActivities>({ taskQueue: TaskQueues.orders, ...ActivityPresets.database });
const retailer = proxyActivities<OrderActivities>({ taskQueue: TaskQueues.orders, ...ActivityPresets.partner });

export const progressQuery = defineQuery<OrderProvisioningProgress>(ORDER_PROVISIONING_PROGRESS_QUERY);

/**
 * Turns a chat order into a sale in the retailer's system. Walking skeleton of the full saga:
 * record → register the sale → mark REGISTERED (which notifies the chat platform through the outbox).
 * A failure after the sale exists compensates by cancelling it; the order ends FAILED with the reason.
 */
export async function orderProvisioningWorkflow(input: OrderProvisioningInput): Promise<OrderProvisioningResult> {
  const progress: OrderProvisioningProgress = { step: 'recording', status: OrderStatus.Received, retailerSaleId: null };
  setHandler(progressQuery, () => progress);
  const compensations: (() => Promise<void>)[] = [];
  const { tenantId, orderId } = input;

  await db.recordOrderReceived(input);

  try {
    progress.step = 'registering';
    // Pushed before the call: a registration whose answer never came back may still have created the sale,
    // and the compensation then cancels it by order id.
    compensations.unshift(() =>
      retailer.cancelSaleInRetailer({ tenantId, orderId, saleId: progress.retailerSaleId, reason: 'order provisioning failed' }),
    );
    const { saleId } = await retailer.registerSaleInRetailer({ tenantId, orderId, order: input.order });
    progress.retailerSaleId = saleId;

    progress.step = 'notifying';
    await db.transitionOrder({ tenantId, orderId, status: OrderStatus.Registered, retailerSaleId: saleId });
    progress.status = OrderStatus.Registered;
    progress.step = 'done';
    return { orderId, status: OrderStatus.Registered, retailerSaleId: saleId };
  } catch (err) {
    const reason = failureReason(err);
    log.warn('order provisioning failed; compensating', { orderId, reason });
    progress.step = 'compensating';
    // Compensations run even when the workflow itself was cancelled (e.g. from the Temporal UI).
    await CancellationScope.nonCancellable(async () => {
      for (const compensate of compensations) {
        try {
          await compensate();
        } catch (compErr) {
          log.error('compensation failed', { orderId, error: failureReason(compErr) });
        }
      }
      await db.transitionOrder({ tenantId, orderId, status: OrderStatus.Failed, reason });
    });
    progress.status = OrderStatus.Failed;
    progress.step = 'failed';
    return { orderId, status: OrderStatus.Failed, retailerSaleId: progress.retailerSaleId, failureReason: reason };
  }
}

function failureReason(err: unknown): string {
  if (isCancellation(err)) return 'order provisioning was cancelled';
  if (err instanceof ApplicationFailure) return err.message;
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : err.message;
  }
  return String(err);
}
