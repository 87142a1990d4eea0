import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage } from 'node:http';
import { SimulatorsModule } from './app.module';
import { enabledLogLevels, loadConfig, mergeConfig, type SimulatorsConfig, type SimulatorsConfigOverrides } from './config';

export interface CreateSimulatorsAppOptions {
  /** Overrides applied on top of the environment (tests: shorter code TTL, other tokens…). */
  config?: SimulatorsConfigOverrides;
  /** Environment to read; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Random source for fault error rates; tests pass a deterministic one. */
  random?: () => number;
  /** Log levels; defaults to the configured LOG_LEVEL. `false` silences Nest entirely. */
  logger?: false | LogLevel[];
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;
/** The chat receivers (Standard Webhooks and OmniChat routes), whatever the content type (JSON, CloudEvents…). */
const CHAT_RECEIVERS = ['/chat/webhooks/', '/chat/omnichat/'];

/**
 * Builds the simulators app without listening, so tests and the e2e harness can start it in-process on port 0:
 *
 *   const app = await createSimulatorsApp();
 *   await app.listen(0, '127.0.0.1');
 *   const baseUrl = await app.getUrl();
 */
export async function createSimulatorsApp(options: CreateSimulatorsAppOptions = {}): Promise<NestExpressApplication> {
  const config = resolveConfig(options);
  const logLevels = options.logger ?? (enabledLogLevels(config.logLevel) as LogLevel[]);
  const app = await NestFactory.create<NestExpressApplication>(SimulatorsModule.forRoot(config, options.random), {
    logger: logLevels === false ? false : new ConsoleLogger('Simulators', { json: true, logLevels }),
    forceCloseConnections: true,
  });
  // The chat receiver must see the exact bytes it was sent to check signatures: raw body there, JSON elsewhere.
  app.useBodyParser('raw', {
    type: (req: IncomingMessage) => CHAT_RECEIVERS.some((prefix) => (req.url ?? '').startsWith(prefix)),
    limit: '1mb',
  });
  // Control calls may carry bad data on purpose (a 3 MB product description for the hub to quarantine).
  app.useBodyParser('json', {
    type: (req: IncomingMessage) => JSON_TYPE.test(req.headers['content-type'] ?? ''),
    limit: '16mb',
  });
  app.disable('x-powered-by');
  app.set('etag', false);
  return app;
}

export interface RunningSimulators {
  app: NestExpressApplication;
  /** e.g. "http://127.0.0.1:41237" */
  baseUrl: string;
  config: SimulatorsConfig;
  close(): Promise<void>;
}

/** Creates and starts the app. Port 0 (the default here) picks a free port. */
export async function startSimulators(
  options: CreateSimulatorsAppOptions & { port?: number; host?: string } = {},
): Promise<RunningSimulators> {
  const config = resolveConfig(options);
  const app = await createSimulatorsApp(options);
  const host = options.host ?? config.host;
  await app.listen(options.port ?? 0, host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { app, baseUrl: `http://${urlHost}:${port}`, config, close: () => app.close() };
}

function resolveConfig(options: CreateSimulatorsAppOptions): SimulatorsConfig {
  return mergeConfig(loadConfig(options.env ?? process.env), options.config);
}
