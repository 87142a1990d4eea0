import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InternalClient, TenantConnections } from '@looma-hub/platform';
import { PRICING_CONFIG, type ServiceConfig } from './config';
import { CouponLedger } from './coupon/coupon-ledger';
import { CouponModule } from './coupon/coupon.module';
import { entities } from './database/data-source';
import { ProductPrices } from './catalog/product-prices';
import { EligibilityService } from './quote/eligibility.service';
import { InternalQuoteController } from './quote/internal-quote.controller';
import { COUPON_STANDING, QuoteService } from './quote/quote.service';
import { RetailerConnectionService, TENANT_CONNECTIONS } from './retailer/retailer-connection.service';
import { InternalRulesController } from './rule/internal-rules.controller';
import { RuleSets } from './rule/rule-sets';
import { RuleStore } from './rule/rule.store';
import { PricingEventsConsumer } from './sync/pricing-events.consumer';
import { PricingSyncActivitiesService } from './sync/pricing-sync.activities';
import { PricingSyncScheduler } from './sync/pricing-sync.scheduler';
import { TenantPurgeController } from './tenant-purge.controller';

/**
 * Rules, quotes and their sync. Both processes get the rule store and the retailer connection (read from its owner,
 * orders); the HTTP process gets the internal API, quotes, the scheduler (it alone holds a Temporal client) and the
 * Kafka consumers; the worker, the pull activity.
 */
@Module({})
export class PricingModule {
  static forRoot(config: ServiceConfig, role: 'http' | 'worker'): DynamicModule {
    return {
      module: PricingModule,
      imports: [TypeOrmModule.forFeature(entities), CouponModule.forRoot(config, role)],
      controllers: role === 'http' ? [InternalQuoteController, InternalRulesController, TenantPurgeController] : [],
      providers: [
        { provide: PRICING_CONFIG, useValue: config },
        {
          provide: TENANT_CONNECTIONS,
          useValue: new TenantConnections(
            new InternalClient('orders', config.CONNECTIONS_URL, config.INTERNAL_API_TOKEN),
            config.CONNECTIONS_CACHE_TTL_MS,
          ),
        },
        RuleStore,
        RetailerConnectionService,
        ...(role === 'http'
          ? [
              { provide: COUPON_STANDING, useExisting: CouponLedger },
              ProductPrices,
              RuleSets,
              EligibilityService,
              QuoteService,
              PricingSyncScheduler,
              PricingEventsConsumer,
            ]
          : [PricingSyncActivitiesService]),
      ],
    };
  }
}
