import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformModule } from '@looma-hub/platform';
import { AdminController } from './admin/admin.controller';
import { AdminService } from './admin/admin.service';
import { CatalogAdminController, LoomaChannelAdminController } from './admin/catalog-admin.controller';
import { InboundAdminController } from './admin/inbound-admin.controller';
import { OutboxAdminController } from './admin/outbox-admin.controller';
import { PricingAdminController } from './admin/pricing-admin.controller';
import { WebhooksAdminController } from './admin/webhooks-admin.controller';
import { WebhooksAdminService } from './admin/webhooks-admin.service';
import { OutboxAdminService } from './admin/outbox-admin.service';
import { internalClientProviders } from './common/internal-clients';
import { GATEWAY_CONFIG, type GatewayConfig } from './config';
import { GATEWAY_SCHEMA, gatewayEntities, gatewayMigrations } from './database/data-source';
import { IdempotencyRecordEntity } from './idempotency/idempotency.entity';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyJanitor } from './idempotency/idempotency.janitor';
import { InboundController } from './inbound/inbound.controller';
import { OrdersController } from './orders/orders.controller';
import { GatewayOrdersService } from './orders/orders.service';
import { ProductsController } from './products/products.controller';
import { QuotesController } from './quotes/quotes.controller';
import { AdminKeyGuard, ApiKeyGuard } from './tenant/auth.guards';
import { ApiKeyEntity, TenantEntity } from './tenant/tenant.entity';
import { TenantLifecycleService } from './tenant/tenant-lifecycle.service';
import { TenantService } from './tenant/tenant.service';

/** The public edge: `/v1` for the chat platform (API keys), `/admin` for operators, `/docs` for everyone. */
@Module({})
export class GatewayAppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        PlatformModule.forRoot({
          service: 'api-gateway',
          database: {
            schema: GATEWAY_SCHEMA,
            url: config.DATABASE_URL,
            poolSize: config.DATABASE_POOL_SIZE,
            entities: gatewayEntities,
            migrations: gatewayMigrations,
            runMigrations: config.DATABASE_MIGRATIONS_RUN ?? config.NODE_ENV !== 'production',
          },
          temporal: { address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE },
          internalApiToken: config.INTERNAL_API_TOKEN,
        }),
        TypeOrmModule.forFeature([TenantEntity, ApiKeyEntity, IdempotencyRecordEntity]),
      ],
      controllers: [
        OrdersController,
        ProductsController,
        QuotesController,
        InboundController,
        AdminController,
        CatalogAdminController,
        LoomaChannelAdminController,
        InboundAdminController,
        PricingAdminController,
        OutboxAdminController,
        WebhooksAdminController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        ...internalClientProviders(config),
        TenantService,
        TenantLifecycleService,
        AdminService,
        OutboxAdminService,
        WebhooksAdminService,
        GatewayOrdersService,
        ApiKeyGuard,
        AdminKeyGuard,
        IdempotencyInterceptor,
        IdempotencyJanitor,
      ],
      exports: [TenantService],
    };
  }
}
