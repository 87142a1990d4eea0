import { type DynamicModule, Module } from '@nestjs/common';
import { Topics } from '@looma-hub/contracts';
import { PlatformModule } from '@looma-hub/platform';
import { ORDERS_CONFIG, type OrdersConfig } from './config';
import { ORDERS_SCHEMA, ordersEntities, ordersMigrations } from './database/data-source';
import { OrderModule } from './order/order.module';
import { RETAILER_SALE_TOPIC, RetailerSaleEventsConsumer } from './order/retailer-sale-events.consumer';
import { TenantModule } from './tenant/tenant.module';

function platform(config: OrdersConfig, role: 'http' | 'worker') {
  return PlatformModule.forRoot({
    service: 'orders',
    http: role === 'http',
    database: {
      schema: ORDERS_SCHEMA,
      url: config.DATABASE_URL,
      poolSize: config.DATABASE_POOL_SIZE,
      entities: ordersEntities,
      migrations: ordersMigrations,
      runMigrations: config.DATABASE_MIGRATIONS_RUN ?? config.NODE_ENV !== 'production',
    },
    // The HTTP process relays the outbox (and ends a deleted tenant's sagas); the worker only writes to the outbox.
    ...(role === 'http'
      ? {
          kafka: {
            brokers: config.KAFKA_BROKERS,
            topics: [Topics.orderStatusChanged, Topics.connectionChanged, RETAILER_SALE_TOPIC],
            relayOutbox: true,
          },
          temporal: { address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE },
        }
      : {}),
    internalApiToken: config.INTERNAL_API_TOKEN,
    secretsKey: config.SECRETS_KEY,
  });
}

/**
 * HTTP process: internal API (orders, partner connections, tenant deletion), health, metrics, outbox relay, and the
 * consumer of the retailer's sale webhooks.
 */
@Module({})
export class OrdersAppModule {
  static forRoot(config: OrdersConfig): DynamicModule {
    return {
      module: OrdersAppModule,
      imports: [platform(config, 'http'), OrderModule, TenantModule],
      providers: [{ provide: ORDERS_CONFIG, useValue: config }, RetailerSaleEventsConsumer],
    };
  }
}

/** Worker process: the order activities (task queue `orders`) and the workflows they serve. */
@Module({})
export class OrdersWorkerModule {
  static forRoot(config: OrdersConfig): DynamicModule {
    return { module: OrdersWorkerModule, imports: [platform(config, 'worker'), OrderModule] };
  }
}
