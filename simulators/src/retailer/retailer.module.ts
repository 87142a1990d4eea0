import { Module } from '@nestjs/common';
import { CatalogEventsPublisher } from './catalog/catalog-events.publisher';
import { PricingEventsPublisher } from './pricing-events.publisher';
import { RetailerAuthGuard } from './retailer-auth.guard';
import { RetailerControlController } from './retailer-control.controller';
import { RetailerKafka } from './retailer-kafka';
import { RetailerWebhookService } from './retailer-webhook.service';
import { RetailerController } from './retailer.controller';
import { RetailerStore } from './retailer.store';

@Module({
  controllers: [RetailerController, RetailerControlController],
  providers: [RetailerStore, RetailerWebhookService, RetailerAuthGuard, CatalogEventsPublisher, RetailerKafka, PricingEventsPublisher],
})
export class RetailerModule {}
