import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Topics } from '@looma-hub/contracts';
import { IdempotentConsumer, KAFKA, KAFKA_PRODUCER } from '@looma-hub/platform';
import type { Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { WEBHOOKS_SCHEMA } from '../database/data-source';
import { CONSUMER_SETTINGS, type ConsumerSettings } from '../settings.module';
import { DeliveryService } from './delivery.service';

/**
 * Turns every order status change (and every product offered to a Looma channel) into pending deliveries, in the
 * same transaction as the consumer's dedupe.
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
    this.consumer = new IdempotentConsumer(this.kafka, this.dataSource, this.producer, {
      groupId: this.settings.groupId,
      schema: WEBHOOKS_SCHEMA,
      fromBeginning: this.settings.fromBeginning,
      handlers: {
        [Topics.orderStatusChanged]: async (event, { manager }) => {
          await this.deliveries.enqueueOrderStatusChanged(manager, event);
        },
        [Topics.loomaProductOffered]: async (event, { manager }) => {
          await this.deliveries.enqueueLoomaProductOffered(manager, event);
        },
      },
    });
    await this.consumer.start();
    this.logger.log(
      { group: this.settings.groupId, topics: [Topics.orderStatusChanged, Topics.loomaProductOffered] },
      'events consumer started',
    );
  }

  /** Stops taking events first, so nothing new is queued while the dispatcher drains. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
  }
}
