import { LoomaChannelController } from '../looma/looma-channel.controller';
import { LoomaChannels } from '../looma/looma-channel.service';
import { ReservationsController } from '../reservation/reservations.controller';
import { type DynamicModule, Module } from '@nestjs/common';
import { InternalClient, TenantConnections } from '@looma-hub/platform';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CATALOG_CONFIG, type CatalogConfig } from '../config';
import { catalogEntities } from '../database/data-source';
import { CatalogBackground } from '../feed/catalog-background';
import { ProductStore } from '../product/product.store';
import { QuarantineStore } from '../quarantine/quarantine.store';
import { StockReservations } from '../reservation/stock-reservations.service';
import { ConnectionEventsConsumer } from '../retailer/connection-events.consumer';
import { RetailerConnectionService, TENANT_CONNECTIONS } from '../retailer/retailer-connection.service';
import { RetailerEventsConsumer } from '../retailer/retailer-events.consumer';
import { ProductSearch } from '../search/product-search';
import { SearchCache } from '../search/search-cache';
import { SearchVocabulary } from '../search/search-vocabulary';
import { TypoCorrector } from '../search/typo-corrector';
import { CatalogActivitiesService } from '../sync/catalog.activities';
import { CatalogSyncScheduler } from '../sync/catalog-sync.scheduler';
import { CatalogWriter } from '../sync/catalog-writer';
import { SyncRuns } from '../sync/sync-runs';
import { SyncStateService } from '../sync/sync-state.service';
import { InternalCatalogController } from './internal-catalog.controller';
import { TenantCatalogPurge } from './tenant-purge';

/**
 * The catalog feature. Both processes get the stores, the write path, the activities and the retailer connection
 * (read from its owner, the orders service); only the HTTP process gets the internal API, the scheduler (it alone
 * holds a Temporal client), the Kafka consumers (connection changes, retailer catalog events) and the background
 * work (change feed, promotion clock, janitor).
 */
@Module({})
export class CatalogModule {
  static forRoot(config: CatalogConfig, role: 'http' | 'worker'): DynamicModule {
    return {
      module: CatalogModule,
      imports: [TypeOrmModule.forFeature(catalogEntities)],
      controllers: role === 'http' ? [InternalCatalogController, ReservationsController, LoomaChannelController] : [],
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
        QuarantineStore,
        SearchVocabulary,
        SyncStateService,
        SyncRuns,
        CatalogWriter,
        StockReservations,
        RetailerConnectionService,
        CatalogActivitiesService,
        LoomaChannels,
        ...(role === 'http'
          ? [
              CatalogSyncScheduler,
              ConnectionEventsConsumer,
              RetailerEventsConsumer,
              TypoCorrector,
              SearchCache,
              ProductSearch,
              TenantCatalogPurge,
              CatalogBackground,
            ]
          : []),
      ],
      exports: [ProductStore, SyncStateService, RetailerConnectionService, CatalogActivitiesService, StockReservations],
    };
  }
}
