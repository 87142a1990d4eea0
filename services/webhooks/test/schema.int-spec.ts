import { runMigrations, schemaDrift } from '@looma-hub/platform';
import { DataSource } from 'typeorm';
import { webhooksDataSourceOptions } from '../src/database/data-source';
import { createTestDatabase, ensureTestDatabase } from '@looma-hub/testing';

describe('webhooks schema', () => {
  let ds: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    await ensureTestDatabase();
    // An empty database: the migrations run from scratch every time.
    const db = await createTestDatabase('wh');
    drop = db.drop;
    ds = new DataSource(webhooksDataSourceOptions(db.url));
    expect(await runMigrations(ds)).toEqual([
      'Init1764000000000',
      'OutboxParking1764800000000',
      'DeliveryFormatsOrdering1765000000000',
      'InboundSchemes1765100000000',
    ]);
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await drop?.();
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
