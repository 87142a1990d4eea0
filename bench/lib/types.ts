/** What a benchmark module (`bench/<name>.bench.ts`) exports and returns. */

export interface Figure {
  /** Stable key, used by later benchmarks to compare against this figure (e.g. `pg.copy.rowsPerSec`). */
  key: string;
  label: string;
  value: number;
  unit: string;
  /** How much work the figure is based on, e.g. `200,000 rows in 2.31 s`. */
  detail?: string;
  /** CPU during the measurement, % of one core (bench process, engine) and % of all cores busy (machine). */
  cpu?: CpuUse;
}

export interface CpuUse {
  benchProcessPercent: number;
  enginePercent?: number;
  machineBusyPercent: number;
}

export interface BenchContext {
  /** Unique per run: used in schema, topic, group and task-queue names so runs never collide. */
  runId: string;
  /** Endpoints from `infra.sh env` (DATABASE_URL, KAFKA_BROKERS, TEMPORAL_ADDRESS, …). */
  env: Record<string, string>;
  /** `--key=value` options from the command line, unparsed. */
  options: Map<string, string>;
  log: (message: string) => void;
}

export interface BenchOutcome {
  figures: Figure[];
  /** Every setting that shaped the numbers: counts, sizes, concurrency, engine versions and configuration. */
  settings: Record<string, unknown>;
  notes: string[];
}

export interface Benchmark {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchOutcome>;
}

export interface MachineFacts {
  hostname: string;
  platform: string;
  arch: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
}

export interface BenchReport {
  benchmark: string;
  runId: string;
  timestamp: string;
  durationSeconds: number;
  machine: MachineFacts;
  settings: Record<string, unknown>;
  figures: Figure[];
  notes: string[];
}

/** The benchmark run's own Temporal namespace (the runner makes one): never the dev stack's, whose workers would take the tasks. */
export function runNamespace(ctx: BenchContext): string {
  const ns = ctx.env.TEMPORAL_NAMESPACE;
  if (!ns || ns === 'looma-dev') throw new Error('a benchmark needs a Temporal namespace of its own (run it through npm run bench)');
  return ns;
}
