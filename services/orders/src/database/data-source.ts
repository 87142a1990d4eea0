import { OutboxMessage, ProcessedMessage, serviceDataSourceOptions } from '@looma-hub/platform';
import { DataSource } from 'typeorm';
import { OrderEntity, OrderStatusHistoryEntity } from '../order/order.entity';
import { PartnerConnectionEntity } from '../connections/connection.entity';
import { Init1763900000000 } from './migrations/1763900000000-init';
import { PartnerConnections1764700000000 } from './migrations/1764700000000-partner-connections';
import { OutboxParking1764800000000 } from './migrations/1764800000000-outbox-parking';

export const ORDERS_SCHEMA = 'orders';
export const ordersEntities = [OrderEntity, OrderStatusHistoryEntity, PartnerConnectionEntity, OutboxMessage, ProcessedMessage];
export const ordersMigrations = [Init1763900000000, PartnerConnections1764700000000, OutboxParking1764800000000];

/** Used by Nest (PlatformModule) and by the migration CLI (`npx nx run orders:migrate`). */
export function ordersDataSourceOptions(url = process.env.DATABASE_URL) {
  return serviceDataSourceOptions({ schema: ORDERS_SCHEMA, url, entities: ordersEntities, migrations: ordersMigrations });
}

export default new DataSource(ordersDataSourceOptions());
