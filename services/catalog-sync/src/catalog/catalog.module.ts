import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CATALOG_CONFIG, type CatalogConfig } from '../config';
import { ProductEntity } from '../product/product.entity';
import { ProductStore } from '../product/product.store';
import { RetailerConnectionEntity } from '../retailer/retailer-connection.entity';
import { RetailerConnectionService } from '../retailer/retailer-connection.service';
import { CatalogActivitiesService } from '../sync/catalog.activities';
import { CatalogSyncScheduler } from '../sync/catalog-sync.scheduler';
import { SyncStateEntity } from '../sync/sync-state.entity';
import { SyncStateService } from '../sync/sync-state.service';
import { InternalCatalogController } from './internal-catalog.controller';

/**
 * The catalog feature. Both processes get the store and the activities; only the HTTP process gets the
 * internal API and the scheduler (it alone holds a Temporal client).
 */
@Module({})
export class CatalogModule {
  static forRoot(config: CatalogConfig, role: 'http' | 'worker'): DynamicModule {
    return {
      module: CatalogModule,
      imports: [TypeOrmModule.forFeature([ProductEntity, SyncStateEntity, RetailerConnectionEntity])],
      controllers: role === 'http' ? [InternalCatalogController] : [],
      providers: [
        { provide: CATALOG_CONFIG, useValue: config },
        ProductStore,
        SyncStateService,
        RetailerConnectionService,
        CatalogActivitiesService,
        ...(role === 'http' ? [CatalogSyncScheduler] : []),
      ],
      exports: [ProductStore, SyncStateService, RetailerConnectionService, CatalogActivitiesService],
    };
  }
}
