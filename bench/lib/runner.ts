import crypto from 'node:crypto';
import { createRunNamespace, infraEnv, infraUp } from '@looma-hub/testing';
import { formatNumber, table } from './format';
import { loadAverage, machineFacts } from './machine';
import { loadBenchmark } from './registry';
import { writeReport } from './results';
import { type BenchReport, type CpuUse } from './types';

export interface RunOptions {
  options?: Map<string, string>;
  /** Start the infrastructure first (`infra.sh up`, idempotent). Default true. */
  ensureInfra?: boolean;
}

/** Runs one benchmark end to end: infrastructure up, measure, print the table, write `bench/results/<name>.json`. */
export async function runBenchmark(name: string, opts: RunOptions = {}): Promise<BenchReport> {
  const benchmark = await loadBenchmark(name);
  if (opts.ensureInfra ?? true) await infraUp();
  const env = await infraEnv();
  const machine = machineFacts();
  // Short, sortable, unique: names of schemas, topics and task queues derive from it.
  const runId = `${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`;
  const log = (message: string) => process.stderr.write(`[bench ${name}] ${message}\n`);
  log(
    `run ${runId} on ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`,
  );

  const started = Date.now();
  // A namespace of its own: a dev stack's workers on the same Temporal never take the benchmark's tasks.
  const namespace = createRunNamespace('looma-bench-');
  env.TEMPORAL_NAMESPACE = namespace.name;
  let outcome;
  try {
    outcome = await benchmark.run({ runId, env, options: opts.options ?? new Map(), log });
  } finally {
    namespace.remove();
  }
  machine.loadAverageAtEnd = loadAverage();
  const report: BenchReport = {
    benchmark: name,
    runId,
    timestamp: new Date(started).toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 100) / 10,
    machine,
    settings: outcome.settings,
    figures: outcome.figures,
    notes: outcome.notes,
  };
  printReport(report);
  const file = writeReport(report);
  console.log(`\nwritten: ${file}`);
  return report;
}

function cpuText(cpu: CpuUse | undefined): string {
  if (!cpu) return '';
  return `${cpu.benchProcessPercent}% / ${cpu.enginePercent === undefined ? '–' : `${cpu.enginePercent}%`} / ${cpu.machineBusyPercent}%`;
}

export function printReport(report: BenchReport): void {
  const m = report.machine;
  console.log(`\n${report.benchmark} — ${report.timestamp} — ${report.durationSeconds}s`);
  console.log(
    `machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, node ${m.node}, ` +
      `load avg ${m.loadAverageAtStart.join('/')} → ${(m.loadAverageAtEnd ?? []).join('/')}\n`,
  );
  console.log(
    table(
      ['figure', 'value', 'unit', 'CPU bench/engine/all', 'based on'],
      report.figures.map((f) => [f.label, formatNumber(f.value), f.unit, cpuText(f.cpu), f.detail ?? '']),
      [1, 3],
    ),
  );
  console.log('\nCPU: % of one core used by this process and by the engine, then % of all cores busy on the machine.');
  if (report.notes.length) console.log(`\n${report.notes.map((n) => `• ${n}`).join('\n')}`);
}
