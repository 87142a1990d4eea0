import { createHttpApp, listen } from '@looma-hub/platform';
import { GatewayAppModule } from './app.module';
import { loadGatewayConfig } from './config';
import { buildOpenApi, serveOpenApi } from './openapi';

export async function startGateway(env: NodeJS.ProcessEnv = process.env) {
  const config = loadGatewayConfig(env);
  const app = await createHttpApp(GatewayAppModule.forRoot(config), {
    service: 'api-gateway',
    bodyLimit: config.HTTP_BODY_LIMIT,
    // Partners' webhooks are relayed as the exact bytes they signed.
    rawBodyRoutes: [{ path: '/v1/inbound', limitBytes: config.INBOUND_MAX_BYTES }],
    configure: (a) => serveOpenApi(a, buildOpenApi(a, config.PUBLIC_URL)),
  });
  const url = await listen(app, config.HTTP_HOST, config.HTTP_PORT, 'api-gateway');
  return { app, url, config };
}

if (require.main === module) {
  startGateway().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
