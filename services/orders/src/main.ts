import { createHttpApp, listen } from '@looma-hub/platform';
import { OrdersAppModule } from './app.module';
import { loadOrdersConfig } from './config';

export async function startOrders(env: NodeJS.ProcessEnv = process.env) {
  const config = loadOrdersConfig(env);
  const app = await createHttpApp(OrdersAppModule.forRoot(config), { service: 'orders', bodyLimit: config.HTTP_BODY_LIMIT });
  const url = await listen(app, config.HTTP_HOST, config.HTTP_PORT, 'orders');
  return { app, url };
}

if (require.main === module) {
  startOrders().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
