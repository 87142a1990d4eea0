import { type DynamicModule, Module } from '@nestjs/common';
import { Topics } from '@looma-hub/contracts';
import { PlatformModule } from '@looma-hub/platform';
import type { WebhooksConfig } from './config';
import { WEBHOOKS_SCHEMA, webhooksEntities, webhooksMigrations } from './database/data-source';
import { DeliveryModule } from './delivery/delivery.module';
import { EndpointModule } from './endpoint/endpoint.module';
import { InboundModule } from './inbound/inbound.module';
import { SettingsModule } from './settings.module';
import { TenantModule } from './tenant/tenant.module';

/** One process: internal API, inbound receiver, order-events consumer, delivery dispatcher, outbox relay. */
@Module({})
export class WebhooksAppModule {
  static forRoot(config: WebhooksConfig): DynamicModule {
    return {
      module: WebhooksAppModule,
      imports: [
        PlatformModule.forRoot({
          service: 'webhooks',
          http: true,
          database: {
            schema: WEBHOOKS_SCHEMA,
            url: config.DATABASE_URL,
            poolSize: config.DATABASE_POOL_SIZE,
            entities: webhooksEntities,
            migrations: webhooksMigrations,
            runMigrations: config.DATABASE_MIGRATIONS_RUN ?? config.NODE_ENV !== 'production',
          },
          kafka: {
            brokers: config.KAFKA_BROKERS,
            topics: [Topics.orderStatusChanged, Topics.loomaProductOffered, Topics.productChanged, Topics.webhookEndpointDisabled],
            relayOutbox: true,
          },
          internalApiToken: config.INTERNAL_API_TOKEN,
          secretsKey: config.SECRETS_KEY,
        }),
        SettingsModule.forRoot(config),
        EndpointModule,
        DeliveryModule,
        InboundModule,
        TenantModule,
      ],
    };
  }
}
