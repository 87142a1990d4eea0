import fs from 'node:fs';
import path from 'node:path';
import { type Benchmark } from './types';

/** Benchmarks are the files `bench/<name>.bench.ts`, each exporting `benchmark: Benchmark`. */
const benchDir = path.resolve(__dirname, '..');
const suffix = '.bench.ts';

export function benchmarkNames(): string[] {
  return fs
    .readdirSync(benchDir)
    .filter((f) => f.endsWith(suffix))
    .map((f) => f.slice(0, -suffix.length))
    .sort();
}

export async function loadBenchmark(name: string): Promise<Benchmark> {
  if (!/^[a-z0-9-]+$/.test(name) || !benchmarkNames().includes(name)) {
    throw new Error(`unknown benchmark "${name}"; available: ${benchmarkNames().join(', ')}`);
  }
  const mod = (await import(path.join(benchDir, `${name}.bench`))) as { benchmark?: Benchmark };
  if (!mod.benchmark || typeof mod.benchmark.run !== 'function') {
    throw new Error(`bench/${name}${suffix} must export "benchmark" with a run() function`);
  }
  return mod.benchmark;
}
