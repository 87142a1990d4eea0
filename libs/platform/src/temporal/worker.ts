import { type DynamicModule, type INestApplicationContext, Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Context } from '@temporalio/activity';
import {
  type ActivityExecuteInput,
  type ActivityInboundCallsInterceptor,
  type ActivityInterceptorsFactory,
  NativeConnection,
  type Next,
  Worker,
} from '@temporalio/worker';
import { runWithContext } from '../logging/context';
import { createRootLogger, PinoNestLogger } from '../logging/logger';
import { initMetrics } from '../metrics/metrics';
import { toActivityFailure } from './failures';
import { bundleWorkflows, installTemporalRuntime } from './temporal';

/**
 * Every activity runs with the workflow id as correlation id, and whatever it throws goes through the one failure
 * mapper (`toActivityFailure`): activities throw domain errors and never build Temporal failures themselves.
 */
export class ActivityContextInterceptor implements ActivityInboundCallsInterceptor {
  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const info = Context.current().info;
    return runWithContext({ correlationId: info.workflowExecution?.workflowId ?? info.activityId }, async () => {
      try {
        return await next(input);
      } catch (err) {
        throw toActivityFailure(err);
      }
    });
  }
}

/**
 * The interceptors every hub worker runs with (activity correlation id, the one failure mapper); tests that build
 * a Worker themselves pass them too, so their activities fail exactly as in production.
 */
export function workerInterceptors(): { activity: ActivityInterceptorsFactory[] } {
  return { activity: [() => ({ inbound: new ActivityContextInterceptor() })] };
}

export interface WorkerOptions {
  service: string;
  module: Type | DynamicModule;
  taskQueue: string;
  address: string;
  namespace: string;
  /** Picks the activity implementations out of the Nest context. */
  activities: (app: INestApplicationContext) => object;
  /** The workflows entry (`require.resolve('@looma-hub/workflows')`), or `false` for an activity-only worker. */
  workflowsPath: string | false;
  maxConcurrentActivityTaskExecutions?: number;
}

export interface RunningWorker {
  worker: Worker;
  app: INestApplicationContext;
  /** Resolves when the worker stopped (after shutdown() or a fatal error). */
  done: Promise<void>;
  shutdown: () => Promise<void>;
}

/**
 * Boots a Temporal worker inside a Nest application context (so activities get their providers), awaits
 * `worker.run()` and closes everything on SIGINT/SIGTERM (Temporal's runtime handles the signals).
 */
export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  createRootLogger(`${opts.service}-worker`);
  initMetrics(`${opts.service}-worker`);
  installTemporalRuntime();
  const logger = new Logger(`${opts.service}-worker`);
  // No Nest shutdown hooks here: Temporal's runtime owns SIGINT/SIGTERM, drains the worker, and `done` below
  // closes the context afterwards (Nest's hook would close the data source under in-flight activities).
  const app = await NestFactory.createApplicationContext(opts.module, { logger: new PinoNestLogger(), abortOnError: false });
  const connection = await NativeConnection.connect({ address: opts.address });
  const workflowsPath = opts.workflowsPath;
  const worker = await Worker.create({
    connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: opts.activities(app),
    ...(workflowsPath ? { workflowBundle: await bundleWorkflows(workflowsPath) } : {}),
    interceptors: workerInterceptors(),
    maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivityTaskExecutions ?? 50,
    shutdownGraceTime: '10s',
  });
  logger.log(`worker polling task queue "${opts.taskQueue}" on ${opts.address}/${opts.namespace}`);
  const done = worker.run().finally(async () => {
    await connection.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    logger.log('worker stopped');
  });
  return {
    worker,
    app,
    done,
    shutdown: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

/** Entry point helper for `src/worker.ts`: run until stopped, exit non-zero on a fatal error. */
export function runWorkerMain(opts: WorkerOptions): void {
  startWorker(opts)
    .then((w) => w.done)
    .then(() => process.exit(0))
    .catch((err: unknown) => {
      new Logger(`${opts.service}-worker`).error(err instanceof Error ? err : String(err), 'worker failed');
      process.exit(1);
    });
}
