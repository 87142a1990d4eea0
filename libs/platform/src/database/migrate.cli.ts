/**
 * Runs a service's pending migrations: `node -r ./scripts/register.cjs libs/platform/src/database/migrate.cli.ts
 * services/orders/src/database/data-source.ts` (or `npx nx run orders:migrate`). The file must default-export
 * its DataSource. `--check` instead fails when entities and migrations disagree.
 */
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { runMigrations, schemaDrift } from './data-source';

// TypeORM 1.1's schema reader still sends a few catalog queries on one pg client at once (enum type names, in a
// Promise.all), which pg ≥ 8.19 flags as deprecated; the drift check's answer is our output, so that one warning
// of a dependency is dropped and every other warning printed as Node would.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name === 'DeprecationWarning' && w.message.includes('already executing a query')) return;
  console.warn(`(node:${process.pid}) ${w.name}: ${w.message}`);
});

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: migrate.cli.ts <data-source.ts> [--check]');
  const mod = (await import(path.resolve(file))) as { default: DataSource };
  const ds = mod.default;
  try {
    if (process.argv.includes('--check')) {
      await runMigrations(ds);
      const drift = await schemaDrift(ds);
      if (drift.length) {
        console.error(`entities and migrations disagree:\n${drift.join(';\n')}`);
        process.exitCode = 1;
      } else console.log('entities and migrations agree');
      return;
    }
    const ran = await runMigrations(ds);
    console.log(ran.length ? `ran ${ran.length} migration(s): ${ran.join(', ')}` : 'no pending migrations');
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
