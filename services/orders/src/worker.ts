import type { INestApplicationContext } from '@nestjs/common';
import { TaskQueues } from '@looma-hub/contracts';
import { runWorkerMain, startWorker } from '@looma-hub/platform';
import { OrdersWorkerModule } from './app.module';
import { loadOrdersConfig } from './config';
import { OrderActivitiesService } from './order/order.activities';

export async function startOrdersWorker(env: NodeJS.ProcessEnv = process.env) {
  const config = loadOrdersConfig(env);
  return startWorker(workerOptions(config));
}

function workerOptions(config: ReturnType<typeof loadOrdersConfig>) {
  return {
    service: 'orders',
    module: OrdersWorkerModule.forRoot(config),
    taskQueue: TaskQueues.orders,
    address: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    workflowsPath: require.resolve('@looma-hub/workflows'),
    activities: (app: INestApplicationContext) => app.get(OrderActivitiesService).asActivities(),
  };
}

if (require.main === module) {
  try {
    runWorkerMain(workerOptions(loadOrdersConfig()));
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
