import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import type { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions as PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { SnakeNamingStrategy } from './naming';

export interface ServiceDataSourceOptions {
  /** The service's own Postgres schema, e.g. `orders`. */
  schema: string;
  url?: string;
  poolSize?: number;
  // TypeORM's own type for entity lists.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  applicationName?: string;
}

/**
 * One data source per service, on its own schema. Entities and migrations are listed explicitly (no globs
 * over dist); `synchronize` is always off: the schema changes only through migrations.
 */
export function serviceDataSourceOptions(opts: ServiceDataSourceOptions): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url: opts.url ?? process.env.DATABASE_URL ?? 'postgres://looma:looma@127.0.0.1:55432/looma',
    schema: opts.schema,
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn'],
    namingStrategy: new SnakeNamingStrategy(),
    applicationName: opts.applicationName ?? `looma-${opts.schema}`,
    extra: { max: opts.poolSize ?? Number(process.env.DATABASE_POOL_SIZE ?? 10) },
  };
}

/** Creates the service schema (the migrations table lives in it), then runs pending migrations. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const schema = (dataSource.options as PostgresConnectionOptions).schema;
  if (!dataSource.isInitialized) await dataSource.initialize();
  // Serialise concurrent starters (several replicas / tests) on one advisory lock per schema; the schema is
  // created under it too (two CREATE SCHEMA IF NOT EXISTS at once can still collide in pg_namespace).
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema ?? 'public'}`]);
    if (schema) await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema ?? 'public'}`]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * SQL TypeORM would run to make the database match the entities. Empty means entities and migrations agree;
 * anything else is drift (a missing or wrong migration).
 */
export async function schemaDrift(dataSource: DataSource): Promise<string[]> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}

export type { DataSourceOptions };
