import type { INestApplicationContext } from '@nestjs/common';
import { runWorkerMain, startWorker, type WorkerOptions } from '@looma-hub/platform';
import { PricingWorkerModule } from './app.module';
import { loadServiceConfig, type ServiceConfig } from './config';
import { CouponLedger } from './coupon/coupon-ledger';
import { PricingSyncActivitiesService } from './sync/pricing-sync.activities';

export async function startPricingWorker(env: NodeJS.ProcessEnv = process.env) {
  return startWorker(pricingWorkerOptions(loadServiceConfig(env)));
}

export function pricingWorkerOptions(config: ServiceConfig): WorkerOptions {
  return {
    service: 'pricing-rules',
    module: PricingWorkerModule.forRoot(config),
    taskQueue: config.PRICING_TASK_QUEUE,
    address: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    workflowsPath: require.resolve('@looma-hub/workflows'),
    // The rule pull, and the coupon reservations the order saga will call on this task queue.
    activities: (app: INestApplicationContext) => ({
      ...app.get(PricingSyncActivitiesService).asActivities(),
      ...app.get(CouponLedger).asActivities(),
    }),
  };
}

if (require.main === module) {
  try {
    runWorkerMain(pricingWorkerOptions(loadServiceConfig()));
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
