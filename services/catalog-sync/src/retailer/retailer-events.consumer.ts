import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type RetailerCatalogEvent, RetailerCatalogEventSchema, RetailerTopics } from '@looma-hub/contracts';
import { type BatchEvent, type BatchHandler, IdempotentConsumer, KAFKA, KAFKA_PRODUCER } from '@looma-hub/platform';
import type { Kafka, Producer } from 'kafkajs';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { CATALOG_CONFIG, type CatalogConfig } from '../config';
import { CATALOG_SCHEMA } from '../database/data-source';
import { type CatalogProduct, productIdOf } from '../product/domain/catalog-product';
import { applyRetailerEvent } from '../product/domain/retailer-events';
import { describeItem, QuarantineReasons, type RejectedItem } from '../product/domain/retailer-items';
import { ProductStore } from '../product/product.store';
import { CatalogWriter } from '../sync/catalog-writer';
import { RetailerConnectionService } from './retailer-connection.service';

/** Why a retailer catalog event is not one of the published AsyncAPI document, or null when it is. */
export function retailerEventProblem(value: unknown): string | null {
  const parsed = RetailerCatalogEventSchema.safeParse(value);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return `not a retailer catalog event of retailer-catalog.asyncapi.yaml: ${issue?.path.join('.') || 'event'} ${issue?.message ?? 'is invalid'}`;
}

/**
 * Push mode: the retailer's catalog events (`retailer.catalog.v1`) go through the same write path as pulled pages.
 * A batch of one partition is one transaction: per tenant, the products its events touch are locked, the events
 * applied in offset order (an event older than the stored version is dropped), and the results upserted (only real
 * changes written and announced). An event outside the schema is sent to the DLQ with the reason by the consumer; a
 * tenant without a retailer connection's events too; a stock or price change of a product never seen is quarantined.
 */
@Injectable()
export class RetailerEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RetailerEventsConsumer.name);
  private consumer: IdempotentConsumer | undefined;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CATALOG_CONFIG) private readonly config: Pick<CatalogConfig, 'CATALOG_CONSUMER_GROUP' | 'CATALOG_CONSUMER_FROM_BEGINNING'>,
    private readonly products: ProductStore,
    private readonly writer: CatalogWriter,
    private readonly connections: RetailerConnectionService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = new IdempotentConsumer(this.kafka, this.dataSource, this.producer, {
      groupId: `${this.config.CATALOG_CONSUMER_GROUP}.retailer-events`,
      schema: CATALOG_SCHEMA,
      fromBeginning: this.config.CATALOG_CONSUMER_FROM_BEGINNING,
      validators: { [RetailerTopics.catalog]: retailerEventProblem },
      batchHandlers: { [RetailerTopics.catalog]: this.handle },
    });
    await this.consumer.start();
    this.logger.log({ topic: RetailerTopics.catalog }, 'retailer catalog events consumer started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
  }

  private readonly handle: BatchHandler = async (events, { manager }) => {
    const byTenant = new Map<string, BatchEvent[]>();
    for (const e of events) byTenant.set(e.event.tenantid, [...(byTenant.get(e.event.tenantid) ?? []), e]);
    const rejected: { event: BatchEvent; reason: string }[] = [];
    const afterCommit: (() => void)[] = [];
    for (const [tenantId, tenantEvents] of byTenant) {
      if (!(await this.connections.isConnected(tenantId))) {
        for (const event of tenantEvents) rejected.push({ event, reason: `tenant ${tenantId} has no retailer connection in the hub` });
        continue;
      }
      afterCommit.push(await this.applyTenant(manager, tenantId, tenantEvents));
    }
    return { rejected, afterCommit: () => afterCommit.forEach((f) => f()) };
  };

  private async applyTenant(m: EntityManager, tenantId: string, events: BatchEvent[]): Promise<() => void> {
    const parsed = events.map((e) => ({ e, event: RetailerCatalogEventSchema.parse(e.event) as RetailerCatalogEvent }));
    const ids = [...new Set(parsed.map(({ event }) => productIdOf(tenantId, productOf(event))))].sort();
    const current = await this.products.lockByIds(m, tenantId, ids);
    const touched = new Map<string, CatalogProduct>();
    const quarantined: RejectedItem[] = [];
    let stale = 0;
    for (const { e, event } of parsed) {
      const id = productOf(event);
      const outcome = applyRetailerEvent(tenantId, touched.get(id) ?? current.get(id) ?? null, event);
      if (outcome.kind === 'apply') touched.set(id, outcome.product);
      else if (outcome.kind === 'stale') stale++;
      else {
        quarantined.push({
          externalId: id,
          reason: QuarantineReasons.UnknownProduct,
          field: outcome.what === 'variant' ? 'variantId' : 'productId',
          message: `${event.type}: the catalog has no ${outcome.what} ${outcome.id} (send retailer.product.upserted.v1 first)`,
          sourceRef: `${e.message.topic}/${e.message.partition}@${e.message.offset}`,
          ...describeItem(event),
        });
      }
    }
    const stored = await this.writer.storeIn(m, {
      tenantId,
      products: [...touched.values()],
      rejected: quarantined,
      source: { source: 'push', ref: `${RetailerTopics.catalog} batch` },
    });
    this.logger.log(
      { tenantId, events: events.length, changed: stored.changed, stale, quarantined: quarantined.length },
      'retailer events applied',
    );
    return stored.afterCommit;
  }
}

function productOf(event: RetailerCatalogEvent): string {
  return (event.type === 'retailer.product.upserted.v1' ? event.data.id : event.data.productId).trim();
}
