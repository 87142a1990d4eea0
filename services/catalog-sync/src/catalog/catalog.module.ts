import { type DynamicModule, Module } from '@nestjs/common';
import { InternalClient, TenantConnections } from '@looma-hub/platform';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CATALOG_CONFIG, type CatalogConfig } from '../config';
import { ProductEntity } from '../product/product.entity';
import { ProductStore } from '../product/product.store';
import { ConnectionEventsConsumer } from '../retailer/connection-events.consumer';
import { RetailerConnectionService, TENANT_CONNECTIONS } from '../retailer/retailer-connection.service';
import { CatalogActivitiesService } from '../sync/catalog.activities';
import { CatalogSyncScheduler } from '../sync/catalog-sync.scheduler';
import { SyncStateEntity } from '../sync/sync-state.entity';
import { SyncStateService } from '../sync/sync-state.service';
import { InternalCatalogController } from './internal-catalog.controller';

/**
 * The catalog feature. Both processes get the store, the activities and the retailer connection (read from its
 * owner, the orders service); only the HTTP process gets the internal API, the scheduler (it alone holds a Temporal
 * client) and the connection-changed consumer.
 */
@Module({})
export class CatalogModule {
  static forRoot(config: CatalogConfig, role: 'http' | 'worker'): DynamicModule {
    return {
      module: CatalogModule,
      imports: [TypeOrmModule.forFeature([ProductEntity, SyncStateEntity])],
      controllers: role === 'http' ? [InternalCatalogController] : [],
      providers: [
        { provide: CATALOG_CONFIG, useValue: config },
        {
          provide: TENANT_CONNECTIONS,
          useValue: new TenantConnections(
            new InternalClient('orders', config.CONNECTIONS_URL, config.INTERNAL_API_TOKEN),
            config.CONNECTIONS_CACHE_TTL_MS,
          ),
        },
        ProductStore,
        SyncStateService,
        RetailerConnectionService,
        CatalogActivitiesService,
        ...(role === 'http' ? [CatalogSyncScheduler, ConnectionEventsConsumer] : []),
      ],
      exports: [ProductStore, SyncStateService, RetailerConnectionService, CatalogActivitiesService],
    };
  }
}
