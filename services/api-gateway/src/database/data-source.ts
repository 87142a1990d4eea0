import { serviceDataSourceOptions } from '@looma-hub/platform';
import { DataSource } from 'typeorm';
import { IdempotencyRecordEntity } from '../idempotency/idempotency.entity';
import { ApiKeyEntity, TenantEntity } from '../tenant/tenant.entity';
import { Init1763900000000 } from './migrations/1763900000000-init';
import { TenantLifecycle1764700000000 } from './migrations/1764700000000-tenant-lifecycle';

export const GATEWAY_SCHEMA = 'gateway';
export const gatewayEntities = [TenantEntity, ApiKeyEntity, IdempotencyRecordEntity];
export const gatewayMigrations = [Init1763900000000, TenantLifecycle1764700000000];

export function gatewayDataSourceOptions(url = process.env.DATABASE_URL) {
  return serviceDataSourceOptions({ schema: GATEWAY_SCHEMA, url, entities: gatewayEntities, migrations: gatewayMigrations });
}

export default new DataSource(gatewayDataSourceOptions());
