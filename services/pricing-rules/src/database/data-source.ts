import { OutboxMessage, ProcessedMessage, serviceDataSourceOptions } from '@looma-hub/platform';
import { DataSource } from 'typeorm';
import { Init1763900000000 } from './migrations/1763900000000-init';
import { OutboxParking1764800000000 } from './migrations/1764800000000-outbox-parking';
import { CouponLedger1765000000000 } from './migrations/1765000000000-coupon-ledger';
import { CouponCounterEntity, CouponRedemptionEntity } from '../coupon/coupon-ledger.entity';
import { PricingRules1765100000000 } from './migrations/1765100000000-pricing-rules';
import { ProductPrice1765200000000 } from './migrations/1765200000000-product-price';
import { ProductPriceEntity } from '../catalog/product-price.entity';
import { PricingRuleEntity, PricingSettingsEntity, RuleSetEntity } from '../rule/pricing-rule.entity';

export const SCHEMA = 'pricing';
export const entities = [
  OutboxMessage,
  ProcessedMessage,
  PricingRuleEntity,
  RuleSetEntity,
  PricingSettingsEntity,
  CouponCounterEntity,
  CouponRedemptionEntity,
  ProductPriceEntity,
];
export const migrations = [
  Init1763900000000,
  OutboxParking1764800000000,
  CouponLedger1765000000000,
  PricingRules1765100000000,
  ProductPrice1765200000000,
];

export function dataSourceOptions(url = process.env.DATABASE_URL) {
  return serviceDataSourceOptions({ schema: SCHEMA, url, entities, migrations });
}

export default new DataSource(dataSourceOptions());
