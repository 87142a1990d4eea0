import { type DynamicModule, Module } from '@nestjs/common';
import { RetailerTopics, Topics } from '@looma-hub/contracts';
import { PlatformModule } from '@looma-hub/platform';
import { CatalogModule } from './catalog/catalog.module';
import type { CatalogConfig } from './config';
import { CATALOG_SCHEMA, catalogEntities, catalogMigrations } from './database/data-source';

function platform(config: CatalogConfig, role: 'http' | 'worker') {
  return PlatformModule.forRoot({
    service: 'catalog-sync',
    http: role === 'http',
    database: {
      schema: CATALOG_SCHEMA,
      url: config.DATABASE_URL,
      poolSize: config.DATABASE_POOL_SIZE,
      entities: catalogEntities,
      migrations: catalogMigrations,
      runMigrations: config.DATABASE_MIGRATIONS_RUN ?? config.NODE_ENV !== 'production',
    },
    // The HTTP process relays the outbox and drives schedules; the worker only writes to the outbox.
    ...(role === 'http'
      ? {
          kafka: {
            brokers: config.KAFKA_BROKERS,
            topics: [Topics.productChanged, Topics.connectionChanged, RetailerTopics.catalog, Topics.loomaProductOffered],
            relayOutbox: true,
          },
          temporal: { address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE },
        }
      : {}),
    internalApiToken: config.INTERNAL_API_TOKEN,
    secretsKey: config.SECRETS_KEY,
  });
}

/** HTTP process: internal API, health, metrics, per-tenant sync schedules, consumers, change feed, promotion clock. */
@Module({})
export class CatalogAppModule {
  static forRoot(config: CatalogConfig): DynamicModule {
    return { module: CatalogAppModule, imports: [platform(config, 'http'), CatalogModule.forRoot(config, 'http')] };
  }
}

/** Worker process: the catalog activities (task queue `catalog`) and the workflows they serve. */
@Module({})
export class CatalogWorkerModule {
  static forRoot(config: CatalogConfig): DynamicModule {
    return { module: CatalogWorkerModule, imports: [platform(config, 'worker'), CatalogModule.forRoot(config, 'worker')] };
  }
}
