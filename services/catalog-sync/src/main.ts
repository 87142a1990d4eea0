import { createHttpApp, listen } from '@looma-hub/platform';
import { CatalogAppModule } from './app.module';
import { loadCatalogConfig } from './config';

export async function startCatalogSync(env: NodeJS.ProcessEnv = process.env) {
  const config = loadCatalogConfig(env);
  const app = await createHttpApp(CatalogAppModule.forRoot(config), { service: 'catalog-sync', bodyLimit: config.HTTP_BODY_LIMIT });
  const url = await listen(app, config.HTTP_HOST, config.HTTP_PORT, 'catalog-sync');
  return { app, url };
}

if (require.main === module) {
  startCatalogSync().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
