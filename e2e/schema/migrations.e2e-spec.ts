import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureTestDatabase, repoRoot, testEnv } from '@looma-hub/testing';

const services = ['api-gateway', 'catalog-sync', 'pricing-rules', 'orders', 'loyalty', 'webhooks'];

/** Every service's migrations run from its own CLI entry (`nx run <svc>:migrate`) and match its entities. */
describe('migrations of every service', () => {
  beforeAll(async () => {
    await ensureTestDatabase(testEnv().DATABASE_URL);
  });

  it.each(services)(
    '%s: migrations run and leave no drift against the entities',
    (service) => {
      const run = spawnSync(
        process.execPath,
        [
          '-r',
          path.join(repoRoot, 'scripts/register.cjs'),
          path.join(repoRoot, 'libs/platform/src/database/migrate.cli.ts'),
          path.join(repoRoot, `services/${service}/src/database/data-source.ts`),
          '--check',
        ],
        {
          cwd: repoRoot,
          env: { ...process.env, DATABASE_URL: testEnv().DATABASE_URL, LOG_LEVEL: 'warn' },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(`${run.stdout}${run.stderr}`).toContain('entities and migrations agree');
      expect(run.status).toBe(0);
    },
    90_000,
  );
});
