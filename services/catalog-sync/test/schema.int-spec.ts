import { runMigrations, schemaDrift } from '@looma-hub/platform';
import { DataSource } from 'typeorm';
import { catalogDataSourceOptions } from '../src/database/data-source';
import { ensureTestDatabase, testEnv } from '@looma-hub/testing';

describe('catalog schema', () => {
  let ds: DataSource;

  beforeAll(async () => {
    await ensureTestDatabase();
    ds = new DataSource(catalogDataSourceOptions(testEnv().DATABASE_URL));
    await runMigrations(ds);
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
  });

  it('has entities and migrations that agree (no drift SQL)', async () => {
    expect(await schemaDrift(ds)).toEqual([]);
  });

  it('searches names without accents or case through an immutable wrapper and a trigram index', async () => {
    const [row] = (await ds.query(`SELECT catalog.f_unaccent(lower('Café AÇÚCAR Óleo')) AS v`)) as { v: string }[];
    expect(row?.v).toBe('cafe acucar oleo');
    const idx = (await ds.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'catalog' AND indexname = 'product_name_trgm_idx'`,
    )) as { indexdef: string }[];
    expect(idx[0]?.indexdef).toMatch(/USING gin \(catalog\.f_unaccent\(lower\(name\)\) gin_trgm_ops\)/);
  });
});
