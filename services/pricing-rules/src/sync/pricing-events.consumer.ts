import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CloudEvent,
  type ConnectionChangedV1,
  type ProductChangedV1,
  type RetailerPricingEvent,
  RetailerPricingEventSchema,
  RetailerPricingEventTypes,
  RetailerPricingTopics,
  Topics,
} from '@looma-hub/contracts';
import { type BatchEvent, type BatchHandler, IdempotentConsumer, KAFKA, KAFKA_PRODUCER } from '@looma-hub/platform';
import type { Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { PRICING_CONFIG, type ServiceConfig } from '../config';
import { SCHEMA } from '../database/data-source';
import { EligibilityService } from '../quote/eligibility.service';
import { RetailerConnectionService } from '../retailer/retailer-connection.service';
import { ProductPrices } from '../catalog/product-prices';
import { RuleStore } from '../rule/rule.store';
import { PricingSyncScheduler } from './pricing-sync.scheduler';

/** Why a message on the retailer pricing topic is not an event of retailer-pricing.asyncapi.yaml, or null. */
export function retailerPricingEventProblem(value: unknown): string | null {
  const parsed = RetailerPricingEventSchema.safeParse(value);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return `not a retailer pricing event of retailer-pricing.asyncapi.yaml: ${issue?.path.join('.') || 'event'} ${issue?.message ?? 'is invalid'}`;
}

/**
 * The HTTP process's Kafka side:
 * - connection changes (owned by orders): a retailer that connects gets its pull schedule and a full pull at once; one
 *   that is removed loses both; cached connection and eligibility answers are dropped on every change;
 * - the catalog's product changes (`hub.catalog.product-changed.v1`, the whole state of a product each) kept as the
 *   price read model quotes read;
 * - push mode: the retailer's rule events (`retailer.pricing.v1`) go through the same store as pulled pages, so an
 *   older or repeated event changes nothing; an event outside the schema, or for a tenant with no retailer
 *   connection, goes to the DLQ with the reason.
 */
@Injectable()
export class PricingEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PricingEventsConsumer.name);
  private consumer: IdempotentConsumer | undefined;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PRICING_CONFIG) private readonly config: Pick<ServiceConfig, 'PRICING_CONSUMER_GROUP' | 'PRICING_CONSUMER_FROM_BEGINNING'>,
    private readonly connections: RetailerConnectionService,
    private readonly eligibility: EligibilityService,
    private readonly scheduler: PricingSyncScheduler,
    private readonly rules: RuleStore,
    private readonly prices: ProductPrices,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = new IdempotentConsumer(this.kafka, this.dataSource, this.producer, {
      groupId: this.config.PRICING_CONSUMER_GROUP,
      schema: SCHEMA,
      fromBeginning: this.config.PRICING_CONSUMER_FROM_BEGINNING,
      validators: { [RetailerPricingTopics.pricing]: retailerPricingEventProblem },
      handlers: { [Topics.connectionChanged]: (event) => this.onConnectionChanged(event as CloudEvent<ConnectionChangedV1>) },
      batchHandlers: { [RetailerPricingTopics.pricing]: this.onRetailerEvents, [Topics.productChanged]: this.onProductChanges },
    });
    await this.consumer.start();
    this.logger.log({ group: this.config.PRICING_CONSUMER_GROUP }, 'pricing events consumer started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
  }

  private async onConnectionChanged(event: CloudEvent<ConnectionChangedV1>): Promise<void> {
    const change = event.data;
    if (change.kind !== 'retailer') return;
    this.connections.invalidate(change.tenantId);
    this.eligibility.dropTenant(change.tenantId);
    // The owner's current state decides, not the event (a replay, or a tenant deleted since, leaves nothing behind).
    const current = await this.connections.get(change.tenantId);
    if (!current) {
      await this.scheduler.purgeTenant(change.tenantId);
      return;
    }
    if (change.removed) return;
    await this.scheduler.ensureSchedule(change.tenantId);
    if (change.changed.includes('baseUrl')) {
      const started = await this.scheduler.startSync(change.tenantId, 'full');
      this.logger.log({ tenantId: change.tenantId, workflowId: started.workflowId }, 'retailer connected: full pricing-rule pull started');
    }
  }

  /** The catalog's product changes into the price read model: one statement per tenant of the batch, in its transaction. */
  private readonly onProductChanges: BatchHandler = async (events, { manager }) => {
    const byTenant = new Map<string, ProductChangedV1[]>();
    for (const e of events) {
      const list = byTenant.get(e.event.tenantid);
      const data = e.event.data as ProductChangedV1;
      if (list) list.push(data);
      else byTenant.set(e.event.tenantid, [data]);
    }
    for (const [tenantId, changes] of byTenant) await this.prices.apply(manager, tenantId, changes);
  };

  /** In offset order, one event at a time (each rule write is its own transaction, idempotent by `updatedAt`). */
  private readonly onRetailerEvents: BatchHandler = async (events) => {
    const rejected: { event: BatchEvent; reason: string }[] = [];
    const connected = new Map<string, boolean>();
    for (const e of events) {
      const event: RetailerPricingEvent = RetailerPricingEventSchema.parse(e.event);
      const tenantId = event.tenantid;
      if (!connected.has(tenantId)) connected.set(tenantId, (await this.connections.get(tenantId)) !== null);
      if (!connected.get(tenantId)) {
        rejected.push({ event: e, reason: `tenant ${tenantId} has no retailer connection in the hub` });
        continue;
      }
      if (event.type === RetailerPricingEventTypes.ruleUpserted) {
        const out = await this.rules.applyRetailer(tenantId, [event.data]);
        for (const c of out.conflicts) rejected.push({ event: e, reason: `rule ${c.id} set aside: ${c.reason}` });
      } else {
        await this.rules.deleteRetailer(tenantId, event.data.id, new Date(event.data.updatedAt));
      }
    }
    return { rejected };
  };
}
