import type { INestApplicationContext } from '@nestjs/common';
import { runWorkerMain, startWorker, type WorkerOptions } from '@looma-hub/platform';
import { CatalogWorkerModule } from './app.module';
import { type CatalogConfig, loadCatalogConfig } from './config';
import { StockReservations } from './reservation/stock-reservations.service';
import { CatalogActivitiesService } from './sync/catalog.activities';

export async function startCatalogSyncWorker(env: NodeJS.ProcessEnv = process.env) {
  return startWorker(catalogWorkerOptions(loadCatalogConfig(env)));
}

export function catalogWorkerOptions(config: CatalogConfig): WorkerOptions {
  return {
    service: 'catalog-sync',
    module: CatalogWorkerModule.forRoot(config),
    taskQueue: config.CATALOG_TASK_QUEUE,
    address: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    workflowsPath: require.resolve('@looma-hub/workflows'),
    // The sync's activities, and the stock reservations the order saga calls on this task queue.
    activities: (app: INestApplicationContext) => ({
      ...app.get(CatalogActivitiesService).asActivities(),
      ...app.get(StockReservations).asActivities(),
    }),
  };
}

if (require.main === module) {
  try {
    runWorkerMain(catalogWorkerOptions(loadCatalogConfig()));
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
