import { type DynamicModule, Module } from '@nestjs/common';
import { RetailerPricingTopics, Topics } from '@looma-hub/contracts';
import { PlatformModule } from '@looma-hub/platform';
import type { ServiceConfig } from './config';
import { entities, migrations, SCHEMA } from './database/data-source';
import { PricingModule } from './pricing.module';

function platform(config: ServiceConfig, role: 'http' | 'worker') {
  return PlatformModule.forRoot({
    service: 'pricing-rules',
    http: role === 'http',
    database: {
      schema: SCHEMA,
      url: config.DATABASE_URL,
      poolSize: config.DATABASE_POOL_SIZE,
      entities,
      migrations,
      runMigrations: config.DATABASE_MIGRATIONS_RUN ?? config.NODE_ENV !== 'production',
    },
    // The HTTP process consumes, relays the outbox and drives schedules; the worker only pulls rules.
    ...(role === 'http'
      ? {
          kafka: {
            brokers: config.KAFKA_BROKERS,
            topics: [Topics.connectionChanged, RetailerPricingTopics.pricing, Topics.productChanged],
            relayOutbox: true,
          },
          temporal: { address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE },
        }
      : {}),
    internalApiToken: config.INTERNAL_API_TOKEN,
    secretsKey: config.SECRETS_KEY,
  });
}

/** HTTP process: internal API (quotes, rules, coupons), health, metrics, rule-sync schedules, consumers, coupon sweeper. */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return { module: AppModule, imports: [platform(config, 'http'), PricingModule.forRoot(config, 'http')] };
  }
}

/** Worker process: the rule-sync activity and the coupon activities (task queue `pricing`). */
@Module({})
export class PricingWorkerModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return { module: PricingWorkerModule, imports: [platform(config, 'worker'), PricingModule.forRoot(config, 'worker')] };
  }
}
