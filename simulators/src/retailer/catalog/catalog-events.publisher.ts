import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type RetailerCatalogEvent, RetailerCatalogEventTypes, RetailerProductSchema, RetailerTopics } from '@looma-hub/contracts';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { toSaoPauloIso } from '../../common/dates';
import { type SimulatorsConfig } from '../../config';
import { SIM_CONFIG } from '../../core/tokens';
import { type CatalogChange } from './retailer-catalog';
import { productDto } from './product-record';

/** The retailer's push transport: its catalog changes as the events of the published AsyncAPI document. */
export function catalogEvent(tenantId: string, catalog: string, change: CatalogChange): RetailerCatalogEvent {
  const p = change.product;
  const updatedAt = toSaoPauloIso(p.updatedAtMs);
  const envelope = {
    specversion: '1.0' as const,
    id: randomUUID(),
    source: `urn:looma-hub:simulators:retailer:${catalog}`,
    time: toSaoPauloIso(Date.now()),
    tenantid: tenantId,
    subject: p.id,
    datacontenttype: 'application/json' as const,
  };
  switch (change.kind) {
    case 'stock': {
      const variant = change.variantId ? p.variants.find((v) => v.id === change.variantId) : undefined;
      return {
        ...envelope,
        type: RetailerCatalogEventTypes.stockChanged,
        data: { productId: p.id, variantId: variant?.id ?? null, stock: variant ? variant.stock : p.stock, updatedAt },
      };
    }
    case 'price':
    case 'promotion':
      return {
        ...envelope,
        type: RetailerCatalogEventTypes.priceChanged,
        data: {
          productId: p.id,
          variantId: null,
          priceCents: p.priceCents,
          promoPriceCents: p.promoPriceCents,
          promoStart: p.promoStart,
          promoEnd: p.promoEnd,
          updatedAt,
        },
      };
    case 'deactivation':
      if (!p.active) return { ...envelope, type: RetailerCatalogEventTypes.productDeactivated, data: { productId: p.id, updatedAt } };
      return { ...envelope, type: RetailerCatalogEventTypes.productUpserted, data: RetailerProductSchema.parse(productDto(p)) };
    case 'collections':
    case 'creation':
      return { ...envelope, type: RetailerCatalogEventTypes.productUpserted, data: RetailerProductSchema.parse(productDto(p)) };
  }
}

/** Publishes catalog changes to `retailer.catalog.v1`, keyed `<tenantId>:<productId>`; connects on first use. */
@Injectable()
export class CatalogEventsPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(CatalogEventsPublisher.name);
  private producer: Promise<Producer> | undefined;

  constructor(@Inject(SIM_CONFIG) private readonly config: SimulatorsConfig) {}

  async publish(tenantId: string, catalog: string, changes: CatalogChange[]): Promise<number> {
    if (!changes.length) return 0;
    const producer = await this.connect();
    const messages = changes.map((c) => ({ key: `${tenantId}:${c.productId}`, value: JSON.stringify(catalogEvent(tenantId, catalog, c)) }));
    for (let i = 0; i < messages.length; i += 5_000) {
      await producer.send({ topic: RetailerTopics.catalog, acks: -1, messages: messages.slice(i, i + 5_000) });
    }
    this.logger.log(`published ${messages.length} catalog events for tenant ${tenantId}`);
    return messages.length;
  }

  private connect(): Promise<Producer> {
    this.producer ??= (async () => {
      const kafka = new Kafka({ clientId: 'looma-simulators', brokers: this.config.retailer.kafkaBrokers, logLevel: logLevel.WARN });
      const admin = kafka.admin();
      await admin.connect();
      try {
        const topics = await admin.listTopics();
        if (!topics.includes(RetailerTopics.catalog)) {
          await admin
            .createTopics({ waitForLeaders: true, topics: [{ topic: RetailerTopics.catalog, numPartitions: 3 }] })
            .catch(() => false);
        }
      } finally {
        await admin.disconnect();
      }
      const producer = kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      return producer;
    })().catch((err: unknown) => {
      this.producer = undefined;
      throw err;
    });
    return this.producer;
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = await this.producer?.catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
  }
}
