import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, repoRoot, type TestDatabase } from '@looma-hub/testing';
import { Client } from 'pg';

const services = ['api-gateway', 'catalog-sync', 'pricing-rules', 'orders', 'loyalty', 'webhooks'];

function migrate(service: string, databaseUrl: string, check = false) {
  const run = spawnSync(
    process.execPath,
    [
      '-r',
      path.join(repoRoot, 'scripts/register.cjs'),
      path.join(repoRoot, 'libs/platform/src/database/migrate.cli.ts'),
      path.join(repoRoot, `services/${service}/src/database/data-source.ts`),
      ...(check ? ['--check'] : []),
    ],
    { cwd: repoRoot, env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

/**
 * Every service's migrations, run from its own CLI entry (`nx run <svc>:migrate`) on an empty database of their
 * own: all of them apply from zero, a second run has nothing to do, and the schema they build matches the entities.
 */
describe('migrations of every service, from an empty database', () => {
  it.each(services)(
    '%s: migrates from zero, then has nothing pending, and leaves no drift against the entities',
    async (service) => {
      const db: TestDatabase = await createTestDatabase('mig');
      try {
        const first = migrate(service, db.url);
        expect({ status: first.status, out: first.out.trim() }).toEqual({
          status: 0,
          out: expect.stringMatching(/^ran \d+ migration\(s\): /),
        });
        const again = migrate(service, db.url);
        expect({ status: again.status, out: again.out.trim() }).toEqual({ status: 0, out: 'no pending migrations' });
        const check = migrate(service, db.url, true);
        expect({ status: check.status, out: check.out.trim() }).toEqual({ status: 0, out: 'entities and migrations agree' });
        // Only the service's own schema was touched.
        const pg = new Client({ connectionString: db.url });
        await pg.connect();
        try {
          const schemas = await pg.query<{ s: string }>(
            `SELECT schema_name AS s FROM information_schema.schemata WHERE schema_name NOT IN ('public', 'information_schema') AND schema_name NOT LIKE 'pg\\_%'`,
          );
          expect(schemas.rows).toHaveLength(1);
        } finally {
          await pg.end();
        }
      } finally {
        await db.drop();
      }
    },
    120_000,
  );
});
