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

  it('stems Portuguese words without accents, and indexes the search document and the typo vocabulary', async () => {
    const [row] = (await ds.query(
      `SELECT to_tsvector('catalog.pt', 'Cafés AÇÚCAR') = to_tsvector('catalog.pt', 'cafe acucar') AS same`,
    )) as {
      same: boolean;
    }[];
    expect(row?.same).toBe(true);
    const indexes = (await ds.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'catalog' AND indexname IN ('product_search_idx', 'search_term_trgm_idx')`,
    )) as { indexname: string; indexdef: string }[];
    const def = (name: string) => indexes.find((i) => i.indexname === name)?.indexdef;
    expect(def('product_search_idx')).toMatch(/USING gin \(search\)/);
    expect(def('search_term_trgm_idx')).toMatch(/USING gin \(term (public\.)?gin_trgm_ops\)/);
  });
});
