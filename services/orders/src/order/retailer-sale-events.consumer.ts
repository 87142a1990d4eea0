import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CloudEvent, inboundTopic, type InboundWebhookReceivedV1, OrderStatus, RetailerSaleWebhookSchema } from '@looma-hub/contracts';
import { IdempotentConsumer, KAFKA, KAFKA_PRODUCER } from '@looma-hub/platform';
import type { Kafka, Producer } from 'kafkajs';
import { DataSource, type EntityManager } from 'typeorm';
import { ORDERS_CONFIG, type OrdersConfig } from '../config';
import { ORDERS_SCHEMA } from '../database/data-source';
import { OrderService } from './order.service';

/** The topic the retailer's signed sale webhooks reach, once verified and deduplicated by the webhooks service. */
export const RETAILER_SALE_TOPIC = inboundTopic('retailer');

/**
 * The retailer's "sale completed / cancelled" (PARTNERS §4): the order goes to COMPLETED / CANCELLED through the
 * same transition as the saga's (history, `hub.orders.order-status-changed.v1`, so the chat platform's webhooks
 * follow). Idempotent twice over: the event id (processed-message row, in the same transaction as the change) and
 * the transition (the status it has already is a no-op). An event the hub cannot act on — another type, an order it
 * does not know, another sale's id, a change the order's status does not allow — is logged and skipped, never retried.
 */
// Later: the order saga (workflows/src/order-provisioning) waits for this event as a signal instead of ending at REGISTERED.
@Injectable()
export class RetailerSaleEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RetailerSaleEventsConsumer.name);
  private consumer: IdempotentConsumer | undefined;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ORDERS_CONFIG) private readonly config: Pick<OrdersConfig, 'ORDERS_CONSUMER_GROUP' | 'ORDERS_CONSUMER_FROM_BEGINNING'>,
    private readonly orders: OrderService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = new IdempotentConsumer(this.kafka, this.dataSource, this.producer, {
      groupId: this.config.ORDERS_CONSUMER_GROUP,
      schema: ORDERS_SCHEMA,
      fromBeginning: this.config.ORDERS_CONSUMER_FROM_BEGINNING,
      handlers: {
        [RETAILER_SALE_TOPIC]: (event, { manager }) => this.onSaleWebhook(event as CloudEvent<InboundWebhookReceivedV1>, manager),
      },
    });
    await this.consumer.start();
    this.logger.log({ group: this.config.ORDERS_CONSUMER_GROUP, topic: RETAILER_SALE_TOPIC }, 'retailer sale events consumer started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
  }

  private async onSaleWebhook(event: CloudEvent<InboundWebhookReceivedV1>, manager: EntityManager): Promise<void> {
    const inbound = event.data;
    if (!inbound || (inbound.type !== 'sale.completed' && inbound.type !== 'sale.cancelled')) return;
    const where = { eventId: event.id, webhookId: inbound.webhookId, tenantId: inbound.tenantId };
    const parsed = RetailerSaleWebhookSchema.safeParse(inbound.payload);
    if (!parsed.success) {
      this.logger.warn(
        { ...where, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
        'sale webhook malformed; skipped',
      );
      return;
    }
    const { type, data } = parsed.data;
    const status = type === 'sale.completed' ? OrderStatus.Completed : OrderStatus.Cancelled;
    if (data.status !== (status === OrderStatus.Completed ? 'completed' : 'cancelled')) {
      this.logger.warn({ ...where, type, saleStatus: data.status }, 'sale webhook type and status disagree; skipped');
      return;
    }
    // The tenant is the one whose source signature verified, not what the payload claims.
    const result = await this.orders.followRetailerSale(manager, {
      tenantId: inbound.tenantId,
      orderId: data.orderId,
      saleId: data.saleId,
      status,
      reason: status === OrderStatus.Completed ? 'sale completed in the retailer' : 'sale cancelled in the retailer',
    });
    const fields = { ...where, orderId: data.orderId, saleId: data.saleId, to: status, from: result.from };
    if (result.outcome === 'changed' || result.outcome === 'unchanged') {
      this.logger.log(fields, result.outcome === 'changed' ? 'order follows the retailer sale' : 'order already there');
    } else {
      this.logger.warn({ ...fields, outcome: result.outcome }, 'sale webhook not applied; skipped');
    }
  }
}
