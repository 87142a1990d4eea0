import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CloudEvent, type ConnectionChangedV1, Topics } from '@looma-hub/contracts';
import { IdempotentConsumer, KAFKA, KAFKA_PRODUCER } from '@looma-hub/platform';
import type { Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CATALOG_CONFIG, type CatalogConfig } from '../config';
import { CATALOG_SCHEMA } from '../database/data-source';
import { CatalogSyncScheduler } from '../sync/catalog-sync.scheduler';
import { RetailerConnectionService } from './retailer-connection.service';

/**
 * Follows the tenants' retailer connections (owned by orders): a connection that appears gets its incremental
 * schedule and a full sync at once, read with at least the announced revision; a new base URL gets a full sync; a
 * removed one loses its schedule and running syncs. This process's cached copy is dropped on every change; the
 * worker's, within its TTL (or at once: a sync for a revision asks for it, and a refused token is read again).
 */
@Injectable()
export class ConnectionEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ConnectionEventsConsumer.name);
  private consumer: IdempotentConsumer | undefined;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CATALOG_CONFIG) private readonly config: Pick<CatalogConfig, 'CATALOG_CONSUMER_GROUP' | 'CATALOG_CONSUMER_FROM_BEGINNING'>,
    private readonly connections: RetailerConnectionService,
    private readonly scheduler: CatalogSyncScheduler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = new IdempotentConsumer(this.kafka, this.dataSource, this.producer, {
      groupId: this.config.CATALOG_CONSUMER_GROUP,
      schema: CATALOG_SCHEMA,
      fromBeginning: this.config.CATALOG_CONSUMER_FROM_BEGINNING,
      handlers: { [Topics.connectionChanged]: (event) => this.onConnectionChanged(event as CloudEvent<ConnectionChangedV1>) },
    });
    await this.consumer.start();
    this.logger.log({ group: this.config.CATALOG_CONSUMER_GROUP, topic: Topics.connectionChanged }, 'connection events consumer started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
  }

  private async onConnectionChanged(event: CloudEvent<ConnectionChangedV1>): Promise<void> {
    const change = event.data;
    if (change.kind !== 'retailer') return;
    this.connections.invalidate(change.tenantId);
    // The owner's current state decides, not the event: an old event (a replay, a tenant deleted since) finds no
    // connection and leaves nothing behind — no schedule, and no sync a racing event may have started.
    const current = await this.connections.get(change.tenantId);
    if (!current) {
      await this.scheduler.purgeTenant(change.tenantId);
      return;
    }
    if (change.removed) return; // removed, then stored again: the newer event does the rest
    await this.scheduler.ensureSchedule(change.tenantId);
    // A connection that appears, or moves to another base URL, is read in full; a new token alone needs nothing.
    if (change.changed.includes('baseUrl')) {
      const started = await this.scheduler.startSync(change.tenantId, 'full', { connectionRevision: change.revision });
      this.logger.log(
        { tenantId: change.tenantId, revision: change.revision, workflowId: started.workflowId },
        'retailer connected: full sync started',
      );
    }
  }
}
