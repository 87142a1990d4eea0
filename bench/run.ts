/**
 * `npm run bench -- <name> [--key=value ...]`: runs `bench/<name>.bench.ts` against the local infrastructure,
 * prints a table and writes `bench/results/<name>.json`.
 */
import { benchmarkNames, runBenchmark } from './lib';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const name = argv.find((a) => !a.startsWith('--'));
  const options = new Map(
    argv
      .filter((a) => a.startsWith('--'))
      .map((a) => {
        const [k, ...v] = a.slice(2).split('=');
        return [k ?? '', v.length ? v.join('=') : 'true'] as const;
      }),
  );
  if (!name) {
    console.error(`usage: npm run bench -- <name> [--option=value ...]\nbenchmarks: ${benchmarkNames().join(', ')}`);
    process.exit(2);
  }
  await runBenchmark(name, { options });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
