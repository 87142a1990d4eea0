/**
 * Temporal: start + complete a no-op workflow, `concurrency` at a time, run by a worker in this process on its
 * own task queue. The figure is the server's ceiling for workflow starts/completions on this machine.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { enginePid, startCpuMeter } from '../lib/cpu';
import { latencySummary, secondsSince, withTimeout } from '../lib/timing';
import { type BenchContext, type Figure } from '../lib/types';
import type { benchNoopWorkflow } from '../workflows/noop.workflow';

export interface TemporalSettings {
  workflows: number;
  concurrency: number;
  warmup: number;
  namespace: string;
  timeoutSeconds: number;
}

/** How the running dev server was started (database file, SQLite pragmas), read from its command line. */
function serverCommandLine(): string[] | undefined {
  const pid = enginePid('temporal');
  if (!pid) return undefined;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

function serverFacts(cli: string | undefined): Record<string, unknown> {
  const argv = serverCommandLine();
  const valuesOf = (flag: string) => (argv ?? []).flatMap((a, i) => (a === flag && argv?.[i + 1] ? [argv[i + 1]] : []));
  let cliVersion = 'unknown';
  if (cli) {
    try {
      cliVersion = execFileSync(cli, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
    } catch {
      /* keep unknown */
    }
  }
  return {
    server: argv ? `temporal server start-dev (${cliVersion})` : 'unknown (no dev server pid in the state dir)',
    persistence: argv
      ? valuesOf('--db-filename').length
        ? `SQLite file ${valuesOf('--db-filename').join(', ')}`
        : 'SQLite in memory'
      : 'unknown',
    sqlitePragmas: valuesOf('--sqlite-pragma'),
    walEnabled: valuesOf('--sqlite-pragma').some((p) => /journal_mode=wal/i.test(p ?? '')),
  };
}

export async function benchTemporal(
  ctx: BenchContext,
  settings: TemporalSettings,
): Promise<{ figures: Figure[]; facts: Record<string, unknown> }> {
  const address = ctx.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS missing from infra.sh env');
  const taskQueue = `bench-infra-${ctx.runId}`;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by an earlier benchmark in this process: keep that one.
  }

  const facts: Record<string, unknown> = { ...serverFacts(ctx.env.TEMPORAL_CLI), namespace: settings.namespace, taskQueue };
  const nativeConnection = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: settings.namespace });
  const ids: string[] = [];
  try {
    const info = await client.workflowService.getSystemInfo({});
    facts.serverVersion = info.serverVersion;

    const b0 = process.hrtime.bigint();
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: settings.namespace,
      taskQueue,
      workflowsPath: path.join(__dirname, '..', 'workflows', 'noop.workflow.ts'),
    });
    facts.workerBundleSeconds = Math.round(secondsSince(b0) * 10) / 10;
    facts.worker = {
      sdk: '@temporalio/worker 1.24.0, same process as the client',
      maxCachedWorkflows: worker.options.maxCachedWorkflows,
      workflowTaskPollers: worker.options.workflowTaskPollerBehavior,
    };

    const runOne = async (workflowId: string): Promise<number> => {
      const s = process.hrtime.bigint();
      const handle = await client.workflow.start<typeof benchNoopWorkflow>('benchNoopWorkflow', { taskQueue, workflowId, args: [] });
      await handle.result();
      return Number(process.hrtime.bigint() - s) / 1e6;
    };
    const runMany = async (count: number, concurrency: number, prefix: string): Promise<number[]> => {
      const latencies: number[] = [];
      let next = 0;
      const lane = async () => {
        for (let i = next++; i < count; i = next++) {
          const id = `${prefix}-${i}`;
          ids.push(id);
          latencies.push(await runOne(id));
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
      return latencies;
    };

    const measured = await withTimeout(
      'temporal workflows',
      settings.timeoutSeconds,
      worker.runUntil(async () => {
        // Warm-up: first polls, the workflow bundle's first isolate, connection pools.
        await runMany(settings.warmup, Math.min(10, settings.warmup), `${taskQueue}-warmup`);
        ctx.log(`temporal: ${settings.workflows} no-op workflows, ${settings.concurrency} concurrent, task queue ${taskQueue}`);
        const meter = startCpuMeter(enginePid('temporal'));
        const t0 = process.hrtime.bigint();
        const latencies = await runMany(settings.workflows, settings.concurrency, taskQueue);
        return { seconds: secondsSince(t0), latencies, cpu: meter.stop() };
      }),
    );
    const lat = latencySummary(measured.latencies);
    return {
      facts,
      figures: [
        {
          key: 'temporal.noop.completionsPerSec',
          label: `Temporal no-op workflow (${settings.concurrency} concurrent)`,
          value: settings.workflows / measured.seconds,
          unit: 'wf/s',
          detail: `${settings.workflows} started+completed in ${measured.seconds.toFixed(2)} s`,
          cpu: measured.cpu,
        },
        {
          key: 'temporal.noop.latencyP50Ms',
          label: 'Temporal start → result, p50',
          value: lat.p50,
          unit: 'ms',
          detail: `p95 ${lat.p95.toFixed(0)} ms, p99 ${lat.p99.toFixed(0)} ms, max ${lat.max.toFixed(0)} ms`,
        },
      ],
    };
  } finally {
    // The executions are ours alone: delete them so runs do not pile up in the shared dev server's history.
    let deleted = 0;
    const queue = [...ids];
    const deleter = async () => {
      for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
        await client.workflowService.deleteWorkflowExecution({ namespace: settings.namespace, workflowExecution: { workflowId: id } }).then(
          () => deleted++,
          () => undefined,
        );
      }
    };
    await withTimeout('temporal cleanup', 60, Promise.all(Array.from({ length: 8 }, deleter))).catch((err: unknown) =>
      ctx.log(`temporal: cleanup incomplete: ${String(err)}`),
    );
    facts.deletedExecutions = deleted;
    await connection.close();
    await nativeConnection.close();
  }
}
