import { OutboxMessage, ProcessedMessage, serviceDataSourceOptions } from '@looma-hub/platform';
import { DataSource } from 'typeorm';
import { DeliveryAttemptEntity, DeliveryEntity } from '../delivery/delivery.entity';
import { EndpointEntity } from '../endpoint/endpoint.entity';
import { InboundEventEntity, InboundSourceEntity } from '../inbound/inbound.entity';
import { TenantSettingEntity } from '../tenant/tenant-setting.entity';
import { Init1764000000000 } from './migrations/1764000000000-init';
import { OutboxParking1764800000000 } from './migrations/1764800000000-outbox-parking';
import { DeliveryFormatsOrdering1765000000000 } from './migrations/1765000000000-delivery-formats-ordering';
import { InboundSchemes1765100000000 } from './migrations/1765100000000-inbound-schemes';

export const WEBHOOKS_SCHEMA = 'webhooks';
export const webhooksEntities = [
  EndpointEntity,
  DeliveryEntity,
  DeliveryAttemptEntity,
  InboundSourceEntity,
  InboundEventEntity,
  TenantSettingEntity,
  OutboxMessage,
  ProcessedMessage,
];
export const webhooksMigrations = [
  Init1764000000000,
  OutboxParking1764800000000,
  DeliveryFormatsOrdering1765000000000,
  InboundSchemes1765100000000,
];

/** Used by Nest (PlatformModule) and by the migration CLI (`npx nx run webhooks:migrate`). */
export function webhooksDataSourceOptions(url = process.env.DATABASE_URL) {
  return serviceDataSourceOptions({ schema: WEBHOOKS_SCHEMA, url, entities: webhooksEntities, migrations: webhooksMigrations });
}

export default new DataSource(webhooksDataSourceOptions());
