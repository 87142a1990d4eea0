import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createSimulatorsApp } from './app';
import { ConfigError, loadConfig, type SimulatorsConfig } from './config';

/**
 * Simulators entry point: `node -r ./scripts/register.cjs simulators/src/main.ts` from the repo root.
 * Listens on SIMULATORS_HOST:SIMULATORS_PORT (default 127.0.0.1:4010, loopback only).
 */
function configOrExit(): SimulatorsConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function bootstrap(): Promise<void> {
  const config = configOrExit();
  const app = await createSimulatorsApp();
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  new Logger('Simulators').log(
    `Partner simulators listening on http://${config.host}:${config.port} (control API: /_control, dev/tests only)`,
  );
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`simulators failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
