import { createHttpApp, listen } from '@looma-hub/platform';
import { AppModule } from './app.module';
import { loadServiceConfig } from './config';

export async function start(env: NodeJS.ProcessEnv = process.env) {
  const config = loadServiceConfig(env);
  const app = await createHttpApp(AppModule.forRoot(config), { service: 'loyalty', bodyLimit: config.HTTP_BODY_LIMIT });
  const url = await listen(app, config.HTTP_HOST, config.HTTP_PORT, 'loyalty');
  return { app, url };
}

if (require.main === module) {
  start().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
