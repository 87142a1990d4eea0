import { runMigrations, schemaDrift } from '@looma-hub/platform';
import { DataSource } from 'typeorm';
import { webhooksDataSourceOptions } from '../src/database/data-source';
import { ensureTestDatabase, TEST_DATABASE_URL } from './support/infra';

describe('webhooks schema', () => {
  let ds: DataSource;

  beforeAll(async () => {
    await ensureTestDatabase();
    ds = new DataSource(webhooksDataSourceOptions(TEST_DATABASE_URL));
    await runMigrations(ds);
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
  });

  it('has entities and migrations that agree (no drift after runMigrations)', async () => {
    expect(await schemaDrift(ds)).toEqual([]);
  });

  it('rejects a second delivery of the same event to the same endpoint', async () => {
    const rows = (await ds.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'webhooks' AND indexname = 'delivery_endpoint_event_uq'`,
    )) as { indexdef: string }[];
    expect(rows[0]?.indexdef).toMatch(/UNIQUE INDEX .*\(endpoint_id, event_id\)/);
  });
});
