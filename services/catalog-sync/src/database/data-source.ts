import { OutboxMessage, ProcessedMessage, serviceDataSourceOptions } from '@looma-hub/platform';
import { DataSource } from 'typeorm';
import { ChangeFeedEntity, PromotionClockEntity } from '../feed/change-feed.entity';
import { LoomaChannelEntity } from '../looma/looma-channel.entity';
import { ProductEntity } from '../product/product.entity';
import { QuarantinedItemEntity } from '../quarantine/quarantined-item.entity';
import { StockReservationEntity } from '../reservation/stock-reservation.entity';
import { SearchTermEntity } from '../search/search-term.entity';
import { SyncRunEntity } from '../sync/sync-run.entity';
import { SyncStateEntity } from '../sync/sync-state.entity';
import { Init1763950000000 } from './migrations/1763950000000-init';
import { DropRetailerConnection1764700000000 } from './migrations/1764700000000-drop-retailer-connection';
import { OutboxParking1764800000000 } from './migrations/1764800000000-outbox-parking';
import { CatalogV21764900000000 } from './migrations/1764900000000-catalog-v2';
import { LoomaChannel1764950000000 } from './migrations/1764950000000-looma-channel';
import { ProductCollections1765000000000 } from './migrations/1765000000000-product-collections';

export const CATALOG_SCHEMA = 'catalog';
export const catalogEntities = [
  ProductEntity,
  SyncStateEntity,
  SyncRunEntity,
  QuarantinedItemEntity,
  StockReservationEntity,
  SearchTermEntity,
  ChangeFeedEntity,
  PromotionClockEntity,
  LoomaChannelEntity,
  OutboxMessage,
  ProcessedMessage,
];
export const catalogMigrations = [
  Init1763950000000,
  DropRetailerConnection1764700000000,
  OutboxParking1764800000000,
  CatalogV21764900000000,
  LoomaChannel1764950000000,
  ProductCollections1765000000000,
];

/** Used by Nest (PlatformModule) and by the migration CLI (`npx nx run catalog-sync:migrate`). */
export function catalogDataSourceOptions(url = process.env.DATABASE_URL) {
  return serviceDataSourceOptions({ schema: CATALOG_SCHEMA, url, entities: catalogEntities, migrations: catalogMigrations });
}

export default new DataSource(catalogDataSourceOptions());
