import { randomUUID } from 'node:crypto';
import { TaskQueues } from '@looma-hub/contracts';
import { ensureNamespace, ensureTestDatabase, type ServiceProcess, startProcess, testEnv, waitFor } from '@looma-hub/testing';
import { Client, Connection } from '@temporalio/client';

/** The namespace `npm start` (and a service started by hand) uses; infra.sh creates it. */
const DEV_NAMESPACE = 'looma-dev';

/**
 * A dev stack left running on the same Temporal server polls the same task queue names (`orders`, `catalog`) as a
 * test run. Each environment has a namespace of its own, so a dev worker never sees a test run's tasks: shown with
 * the real orders worker started twice, once as `npm start` runs it and once as this test run does.
 */
describe('Temporal namespaces: a dev stack never takes a test run’s tasks', () => {
  const env = testEnv();
  let connection: Connection;
  let devWorker: ServiceProcess | undefined;
  let testWorker: ServiceProcess | undefined;
  const started: { client: Client; workflowId: string }[] = [];

  const worker = (name: string, namespace: string) =>
    startProcess({
      name,
      entry: 'services/orders/src/worker.ts',
      env: {
        DATABASE_URL: env.DATABASE_URL,
        KAFKA_BROKERS: env.KAFKA_BROKERS,
        TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
        TEMPORAL_NAMESPACE: namespace,
        LOG_LEVEL: 'info',
      },
      readyLine: /worker polling task queue/,
      timeoutMs: 120_000,
    });

  /** Who started the workflow's tasks so far (worker identities, `<pid>@<host>`). */
  const takers = async (client: Client, workflowId: string): Promise<string[]> => {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? []).flatMap((e) =>
      e.workflowTaskStartedEventAttributes ? [e.workflowTaskStartedEventAttributes.identity ?? ''] : [],
    );
  };

  beforeAll(async () => {
    await ensureTestDatabase(env.DATABASE_URL);
    ensureNamespace(DEV_NAMESPACE);
    ensureNamespace(env.TEMPORAL_NAMESPACE);
    connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  }, 60_000);

  afterAll(async () => {
    for (const { client, workflowId } of started) {
      await client.workflow
        .getHandle(workflowId)
        .terminate('namespace isolation test cleanup')
        .catch(() => undefined);
    }
    await Promise.all([devWorker?.stop(), testWorker?.stop()]);
    await connection?.close();
  }, 60_000);

  it('a task queued in the test namespace waits for the test worker while a dev-namespace worker polls the same queue', async () => {
    expect(env.TEMPORAL_NAMESPACE).not.toBe(DEV_NAMESPACE);
    const dev = new Client({ connection, namespace: DEV_NAMESPACE });
    const test = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
    devWorker = await worker('orders-worker (dev namespace)', DEV_NAMESPACE);
    const devIdentity = `${devWorker.child.pid}@`;

    // The test run's task goes in first; a workflow type no worker knows, so nothing real happens to it.
    const probe = `ns-probe-${randomUUID()}`;
    await test.workflow.start('namespaceIsolationProbe', { taskQueue: TaskQueues.orders, workflowId: probe, args: [] });
    started.push({ client: test, workflowId: probe });
    // Then a marker on the dev side of the same queue name. Tasks are handed out in order, so once a dev worker has
    // taken the marker, it would already have been offered the probe had it been able to see it.
    const marker = `ns-marker-${randomUUID()}`;
    await dev.workflow.start('namespaceIsolationProbe', { taskQueue: TaskQueues.orders, workflowId: marker, args: [] });
    started.push({ client: dev, workflowId: marker });
    await waitFor(() => takers(dev, marker), { until: (t) => t.length > 0, timeoutMs: 30_000, what: 'a dev worker to take the marker' });
    expect(await takers(test, probe)).toEqual([]);

    // The test run's own worker takes the probe at once.
    testWorker = await worker('orders-worker (test namespace)', env.TEMPORAL_NAMESPACE);
    const took = await waitFor(() => takers(test, probe), {
      until: (t) => t.length > 0,
      timeoutMs: 30_000,
      what: 'the test worker to take the probe',
    });
    expect(took[0]?.startsWith(`${testWorker.child.pid}@`)).toBe(true);
    expect(took.some((identity) => identity.startsWith(devIdentity))).toBe(false);
  }, 240_000);
});
