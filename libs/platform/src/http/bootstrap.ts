import type { Server } from 'node:http';
import { type DynamicModule, type INestApplication, Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { raw } from 'express';
import type { NestExpressApplication, NestExpressBodyParserOptionsFor } from '@nestjs/platform-express';
import { ProblemDetailsFilter } from '../errors/problem.filter';
import { rejectNonFiniteNumbers, verifyJsonBody } from '../errors/json-depth';
import { createValidationPipe } from '../errors/validation';
import { createRootLogger, PinoNestLogger } from '../logging/logger';
import { initMetrics } from '../metrics/metrics';

export interface HttpAppOptions {
  service: string;
  bodyLimit?: string;
  /**
   * Routes (path prefixes) whose body is read as raw bytes, whatever its content type, up to their own limit — a
   * signed webhook verified over its exact bytes, say. Larger bodies are a 413 problem; the handler parses them.
   */
  rawBodyRoutes?: { path: string; limitBytes: number }[];
  /** Called before listen: OpenAPI, extra middleware. */
  configure?: (app: NestExpressApplication) => void | Promise<void>;
}

/** Builds a service's HTTP app the same way everywhere: JSON logs, problem+json errors, validation, limits. */
export async function createHttpApp(module: Type | DynamicModule, opts: HttpAppOptions): Promise<NestExpressApplication> {
  createRootLogger(opts.service);
  initMetrics(opts.service);
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger: new PinoNestLogger(),
    // The JSON parser below keeps the raw bytes itself (verifyJsonBody), together with the depth check.
    rawBody: false,
    bodyParser: true,
    abortOnError: false,
  });
  // Before the JSON parser, which then leaves these requests alone (their body is read already).
  for (const route of opts.rawBodyRoutes ?? []) app.use(route.path, raw({ type: () => true, limit: route.limitBytes }));
  // Nest's typings leave `verify` out (it sets its own for rawBody); with rawBody off it passes ours on untouched.
  app.useBodyParser('json', {
    limit: opts.bodyLimit ?? '256kb',
    verify: verifyJsonBody,
    reviver: rejectNonFiniteNumbers,
  } as NestExpressBodyParserOptionsFor<'json'>);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.enableShutdownHooks();
  await opts.configure?.(app);
  return app;
}

export async function listen(app: INestApplication, host: string, port: number, service: string): Promise<string> {
  // Keep idle connections longer than clients' and load balancers' pools (ALB: 60 s), so a client never
  // reuses a socket the server is closing at that very moment ("other side closed").
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await app.listen(port, host);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  new Logger(service).log(`${service} listening on ${url}`);
  return url;
}
