import { createHttpApp, listen } from '@looma-hub/platform';
import { WebhooksAppModule } from './app.module';
import { loadWebhooksConfig } from './config';

/**
 * HTTP (internal API + public inbound receiver), the order-events consumer, the delivery dispatcher and the
 * outbox relay, in one process. SIGTERM: the consumer and the dispatcher stop taking work, in-flight
 * deliveries finish (bounded by the request timeout) and are recorded, then the server and connections close.
 */
export async function startWebhooks(env: NodeJS.ProcessEnv = process.env) {
  const config = loadWebhooksConfig(env);
  const app = await createHttpApp(WebhooksAppModule.forRoot(config), {
    service: 'webhooks',
    bodyLimit: config.HTTP_BODY_LIMIT,
    // Inbound webhooks are verified over their exact bytes and parsed after the signature, with a limit of their own.
    rawBodyRoutes: [{ path: '/inbound', limitBytes: config.WEBHOOK_INBOUND_MAX_BYTES }],
  });
  const url = await listen(app, config.HTTP_HOST, config.HTTP_PORT, 'webhooks');
  return { app, url, config };
}

if (require.main === module) {
  startWebhooks().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
