import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@looma-hub/platform';
import type { ServiceConfig } from './config';
import { entities, migrations, SCHEMA } from './database/data-source';

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          service: 'loyalty',
          database: {
            schema: SCHEMA,
            url: config.DATABASE_URL,
            poolSize: config.DATABASE_POOL_SIZE,
            entities,
            migrations,
            runMigrations: config.DATABASE_MIGRATIONS_RUN ?? config.NODE_ENV !== 'production',
          },
          kafka: { brokers: config.KAFKA_BROKERS, relayOutbox: true },
          internalApiToken: config.INTERNAL_API_TOKEN,
          secretsKey: config.SECRETS_KEY,
        }),
      ],
    };
  }
}
