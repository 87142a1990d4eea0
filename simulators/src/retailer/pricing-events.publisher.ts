import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { eventKey, type RetailerPricingEvent, RetailerPricingEventTypes, RetailerPricingTopics } from '@looma-hub/contracts';
import { toSaoPauloIso } from '../common/dates';
import { type DiscountRuleRecord, discountRuleDto } from './discount-rules';
import { RetailerKafka } from './retailer-kafka';

/** A rule change as the event of the published AsyncAPI document (retailer-pricing.asyncapi.yaml). */
export function pricingEvent(tenantId: string, record: DiscountRuleRecord): RetailerPricingEvent {
  const envelope = {
    specversion: '1.0' as const,
    id: randomUUID(),
    source: 'urn:looma-hub:simulators:retailer:pricing',
    time: toSaoPauloIso(Date.now()),
    tenantid: tenantId,
    subject: record.rule.id,
    datacontenttype: 'application/json' as const,
  };
  if (record.deleted) {
    return {
      ...envelope,
      type: RetailerPricingEventTypes.ruleDeleted,
      data: { id: record.rule.id, updatedAt: toSaoPauloIso(record.updatedAtMs) },
    };
  }
  return { ...envelope, type: RetailerPricingEventTypes.ruleUpserted, data: discountRuleDto(record) };
}

/** Publishes rule changes to `retailer.pricing.v1`, keyed `<tenantId>:<ruleId>`. */
@Injectable()
export class PricingEventsPublisher {
  private readonly logger = new Logger(PricingEventsPublisher.name);

  constructor(private readonly kafka: RetailerKafka) {}

  async publish(tenantId: string, records: DiscountRuleRecord[]): Promise<number> {
    if (!records.length) return 0;
    const messages = records.map((r) => ({ key: eventKey(tenantId, r.rule.id), value: JSON.stringify(pricingEvent(tenantId, r)) }));
    await this.kafka.send(RetailerPricingTopics.pricing, messages);
    this.logger.log(`published ${messages.length} pricing rule events for tenant ${tenantId}`);
    return messages.length;
  }
}
