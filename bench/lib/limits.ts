/**
 * The infrastructure's own ceilings on this machine (`bench/results/infra.json`), so a later benchmark can say
 * "the order saga runs at 12 % of what Temporal alone can complete" instead of printing a bare number.
 */
import os from 'node:os';
import { formatNumber, table } from './format';
import { readReport } from './results';
import { runBenchmark } from './runner';
import { type BenchReport } from './types';

export const infraLimitKeys = {
  pgCopyRows: 'pg.copy.rowsPerSec',
  kafkaProduce: 'kafka.produce.msgsPerSec',
  kafkaConsume: 'kafka.consume.msgsPerSec',
  temporalNoop: 'temporal.noop.completionsPerSec',
} as const;

export type InfraLimit = keyof typeof infraLimitKeys;

export interface InfraLimits {
  values: Record<InfraLimit, number>;
  report: BenchReport;
  /** Why the numbers may not describe this machine now (another host, other core count). */
  warnings: string[];
}

export interface LoadLimitsOptions {
  /** Measure with the `infra` benchmark when no result exists (or it comes from another machine). Default true. */
  measureIfMissing?: boolean;
}

export async function loadInfraLimits(opts: LoadLimitsOptions = {}): Promise<InfraLimits> {
  let report = readReport('infra');
  const foreign = report && (report.machine.hostname !== os.hostname() || report.machine.cores !== os.availableParallelism());
  if (!report || foreign) {
    if (opts.measureIfMissing === false) {
      throw new Error(
        report
          ? 'bench/results/infra.json comes from another machine'
          : 'bench/results/infra.json is missing: run `npm run bench -- infra`',
      );
    }
    report = await runBenchmark('infra');
  }
  const values = {} as Record<InfraLimit, number>;
  for (const [limit, key] of Object.entries(infraLimitKeys) as [InfraLimit, string][]) {
    const figure = report.figures.find((f) => f.key === key);
    if (!figure) throw new Error(`bench/results/infra.json has no figure ${key}: re-run \`npm run bench -- infra\``);
    values[limit] = figure.value;
  }
  const warnings: string[] = [];
  const ageHours = (Date.now() - Date.parse(report.timestamp)) / 3.6e6;
  if (ageHours > 24 * 7) warnings.push(`infra limits were measured ${Math.round(ageHours / 24)} days ago`);
  const load = report.machine.loadAverageAtStart[0] ?? 0;
  if (load > report.machine.cores) {
    warnings.push(`infra limits were measured under load ${load} on ${report.machine.cores} cores: they understate the engines`);
  }
  return { values, report, warnings };
}

export interface RatioRow {
  label: string;
  value: number;
  unit: string;
  /** Which infrastructure ceiling this figure spends. */
  limit: InfraLimit;
  /** Units of the limit one unit of `value` costs, e.g. 3 Kafka messages per order. Default 1. */
  perUnit?: number;
}

/** Prints each figure next to the ceiling it spends, as a percentage of that ceiling. */
export function printRatiosToLimits(limits: InfraLimits, rows: RatioRow[]): void {
  console.log(`\nagainst the infrastructure limits measured ${limits.report.timestamp} (bench/results/infra.json):\n`);
  console.log(
    table(
      ['figure', 'value', 'unit', 'limit', 'limit value', '% of limit'],
      rows.map((r) => {
        const limitValue = limits.values[r.limit];
        const used = r.value * (r.perUnit ?? 1);
        return [
          r.label,
          formatNumber(r.value),
          r.unit,
          infraLimitKeys[r.limit] + (r.perUnit && r.perUnit !== 1 ? ` (×${r.perUnit})` : ''),
          formatNumber(limitValue),
          `${formatNumber((used / limitValue) * 100)} %`,
        ];
      }),
      [1, 4, 5],
    ),
  );
  for (const w of limits.warnings) console.log(`• ${w}`);
}
