import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CloudEvent,
  LOOMA_PRODUCT_WEBHOOK_EVENT,
  LoomaProductOfferedV1Schema,
  OrderStatus,
  type OrderStatusChangedV1,
  type ProductChangedV1,
  Topics,
  type WebhookEndpointDisabledV1,
} from '@looma-hub/contracts';
import { type BatchEvent, type BatchHandler, IdempotentConsumer, KAFKA, KAFKA_PRODUCER } from '@looma-hub/platform';
import type { Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { WEBHOOKS_SCHEMA } from '../database/data-source';
import { eventTypeOfOrderStatus } from '../endpoint/domain/event-filter';
import { CONSUMER_SETTINGS, type ConsumerSettings } from '../settings.module';
import { DeliveryService, type OutboundEvent } from './delivery.service';

const ORDER_STATUSES = new Set<string>(Object.values(OrderStatus));

/** How a topic's events become outbound events: their webhook type and subject, or why one is refused (→ DLQ). */
type Mapping = (event: CloudEvent) => Omit<OutboundEvent, 'event'> | string;

/** The domain events a tenant's endpoints can subscribe to, by topic. */
export const OUTBOUND_MAPPINGS: Record<string, Mapping> = {
  [Topics.orderStatusChanged]: (event) => {
    const data = event.data as Partial<OrderStatusChangedV1> | null;
    if (!data || typeof data !== 'object' || typeof data.status !== 'string' || !ORDER_STATUSES.has(data.status)) {
      return `event ${event.id} has no valid order status in data.status`;
    }
    return { type: eventTypeOfOrderStatus(data.status), subject: event.subject ?? data.orderId ?? null };
  },
  [Topics.loomaProductOffered]: (event) => {
    const parsed = LoomaProductOfferedV1Schema.safeParse(event.data);
    if (!parsed.success) return `event ${event.id} is not a looma product offer: ${parsed.error.issues[0]?.message ?? ''}`;
    return { type: LOOMA_PRODUCT_WEBHOOK_EVENT, subject: parsed.data.externalId };
  },
  [Topics.productChanged]: (event) => {
    const data = event.data as Partial<ProductChangedV1> | null;
    if (!data || typeof data.productId !== 'string') return `event ${event.id} has no data.productId`;
    return { type: 'product.changed', subject: data.productId };
  },
  [Topics.webhookEndpointDisabled]: (event) => {
    const data = event.data as Partial<WebhookEndpointDisabledV1> | null;
    if (!data || typeof data.endpointId !== 'string') return `event ${event.id} has no data.endpointId`;
    return { type: 'webhook.endpoint.disabled', subject: data.endpointId };
  },
};

/**
 * Turns every subscribed domain event into pending deliveries — one transaction per partition batch, with the
 * consumer's dedupe rows — so the dispatcher finds them in event order.
 */
@Injectable()
export class OrderEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OrderEventsConsumer.name);
  private consumer: IdempotentConsumer | undefined;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONSUMER_SETTINGS) private readonly settings: ConsumerSettings,
    private readonly deliveries: DeliveryService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.enabled) return;
    const batchHandlers = Object.fromEntries(Object.entries(OUTBOUND_MAPPINGS).map(([topic, map]) => [topic, this.handler(map)]));
    this.consumer = new IdempotentConsumer(this.kafka, this.dataSource, this.producer, {
      groupId: this.settings.groupId,
      schema: WEBHOOKS_SCHEMA,
      fromBeginning: this.settings.fromBeginning,
      batchHandlers,
    });
    await this.consumer.start();
    this.logger.log({ group: this.settings.groupId, topics: Object.keys(batchHandlers) }, 'events consumer started');
  }

  private handler(map: Mapping): BatchHandler {
    return async (events, { manager }) => {
      const rejected: { event: BatchEvent; reason: string }[] = [];
      const items: OutboundEvent[] = [];
      for (const e of events) {
        const mapped = map(e.event);
        if (typeof mapped === 'string') rejected.push({ event: e, reason: mapped });
        else items.push({ event: e.event, ...mapped });
      }
      await this.deliveries.enqueue(manager, items);
      return { rejected };
    };
  }

  /** Stops taking events first, so nothing new is queued while the dispatcher drains. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
  }
}
