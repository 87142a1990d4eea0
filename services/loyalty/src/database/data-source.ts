import { OutboxMessage, ProcessedMessage, serviceDataSourceOptions } from '@looma-hub/platform';
import { DataSource } from 'typeorm';
import { Init1763900000000 } from './migrations/1763900000000-init';
import { OutboxParking1764800000000 } from './migrations/1764800000000-outbox-parking';

export const SCHEMA = 'loyalty';
export const entities = [OutboxMessage, ProcessedMessage];
export const migrations = [Init1763900000000, OutboxParking1764800000000];

export function dataSourceOptions(url = process.env.DATABASE_URL) {
  return serviceDataSourceOptions({ schema: SCHEMA, url, entities, migrations });
}

export default new DataSource(dataSourceOptions());
