import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CloudEvent,
  LOOMA_PRODUCT_WEBHOOK_EVENT,
  LoomaProductOfferedV1Schema,
  OrderStatus,
  type OrderStatusChangedV1,
} from '@looma-hub/contracts';
import { WebhookErrors } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { DataSource, type EntityManager, In } from 'typeorm';
import { eventTypeOfOrderStatus, matchesEventFilter } from '../endpoint/domain/event-filter';
import { EndpointEntity } from '../endpoint/endpoint.entity';
import { notifyDeliveriesDue } from './delivery.channel';
import { DeliveryAttemptEntity, DeliveryEntity, DeliveryStatus } from './delivery.entity';
import type { DeliveryAttemptView, DeliveryQueryDto, DeliveryView } from './dto/delivery.dto';

const ORDER_STATUSES = new Set<string>(Object.values(OrderStatus));

@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs inside the idempotent consumer's transaction: one pending delivery per enabled endpoint of the
   * event's tenant whose filter wants it. UNIQUE(endpoint_id, event_id) makes a redelivered event a no-op
   * even past the consumer's own dedupe.
   */
  async enqueueOrderStatusChanged(m: EntityManager, event: CloudEvent): Promise<number> {
    const data = event.data as Partial<OrderStatusChangedV1> | null;
    if (!data || typeof data !== 'object' || typeof data.status !== 'string' || !ORDER_STATUSES.has(data.status)) {
      throw new Error(`event ${event.id} has no valid order status in data.status`);
    }
    return this.enqueue(m, event, eventTypeOfOrderStatus(data.status), event.subject ?? data.orderId ?? null);
  }

  /** A product offered to the tenant's Looma channel: `looma.product.changed` for the endpoints that name it. */
  async enqueueLoomaProductOffered(m: EntityManager, event: CloudEvent): Promise<number> {
    const parsed = LoomaProductOfferedV1Schema.safeParse(event.data);
    if (!parsed.success) throw new Error(`event ${event.id} is not a looma product offer: ${parsed.error.issues[0]?.message ?? ''}`);
    return this.enqueue(m, event, LOOMA_PRODUCT_WEBHOOK_EVENT, parsed.data.externalId);
  }

  private async enqueue(m: EntityManager, event: CloudEvent, type: string, subject: string | null): Promise<number> {
    const data = event.data as Record<string, unknown>;
    const parsedTime = new Date(event.time);
    const eventTime = Number.isNaN(parsedTime.getTime()) ? new Date() : parsedTime;
    const endpoints = await m.find(EndpointEntity, { where: { tenantId: event.tenantid, enabled: true } });
    // An endpoint gets what happens after it was registered: re-reading the topic (a new consumer group, expired
    // offsets) must not flood a new endpoint with history. Old endpoints are protected by UNIQUE(endpoint, event).
    const targets = endpoints.filter((e) => matchesEventFilter(e.eventTypes, type) && e.createdAt.getTime() <= eventTime.getTime());
    if (!targets.length) return 0;
    const payload = { ...data, tenantId: event.tenantid, eventId: event.id };
    const inserted = await m
      .createQueryBuilder()
      .insert()
      .into(DeliveryEntity)
      .values(
        targets.map((e) => ({
          id: randomUUID(),
          tenantId: event.tenantid,
          endpointId: e.id,
          eventId: event.id,
          eventType: type,
          subject,
          eventTime,
          payload,
          status: DeliveryStatus.Pending,
          cycle: 1,
          attempts: 0,
          nextAttemptAt: () => 'now()',
        })),
      )
      .orIgnore()
      .returning(['id'])
      .execute();
    const count = (inserted.raw as unknown[]).length;
    if (count) await notifyDeliveriesDue(m);
    this.logger.log({ eventId: event.id, type, deliveries: count }, 'deliveries queued');
    return count;
  }

  async list(tenantId: string, q: DeliveryQueryDto): Promise<DeliveryView[]> {
    const qb = this.dataSource
      .getRepository(DeliveryEntity)
      .createQueryBuilder('d')
      .where('d.tenant_id = :tenantId', { tenantId })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(q.limit ?? 50);
    if (q.endpointId) qb.andWhere('d.endpoint_id = :endpointId', { endpointId: q.endpointId });
    if (q.status) qb.andWhere('d.status = :status', { status: q.status });
    if (q.eventType) qb.andWhere('d.event_type = :eventType', { eventType: q.eventType });
    if (q.subject) qb.andWhere('d.subject = :subject', { subject: q.subject });
    return this.withAttempts(tenantId, await qb.getMany());
  }

  async get(tenantId: string, id: string): Promise<DeliveryView> {
    const row = await this.dataSource.getRepository(DeliveryEntity).findOneBy({ tenantId, id });
    if (!row) throw new DomainError(WebhookErrors.DeliveryNotFound, `delivery ${id} was not found`);
    const [view] = await this.withAttempts(tenantId, [row]);
    return view as DeliveryView;
  }

  /**
   * Sends a delivery again, whatever its status, as a new attempt cycle (the schedule starts over; the
   * attempt log keeps the earlier cycles). An attempt in flight for the old cycle is not recorded over it.
   */
  async replay(tenantId: string, id: string): Promise<DeliveryView> {
    await this.dataSource.transaction(async (m) => {
      const row = await m.findOne(DeliveryEntity, { where: { tenantId, id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new DomainError(WebhookErrors.DeliveryNotFound, `delivery ${id} was not found`);
      const endpoint = await m.findOneBy(EndpointEntity, { tenantId, id: row.endpointId });
      if (!endpoint) throw new DomainError(WebhookErrors.EndpointNotFound, `endpoint ${row.endpointId} was not found`);
      if (!endpoint.enabled) {
        throw new DomainError(
          WebhookErrors.EndpointDisabled,
          `endpoint ${endpoint.id} is disabled; enable it before replaying its deliveries`,
        );
      }
      await m.query(
        `UPDATE "webhooks"."delivery"
            SET status = $3, cycle = cycle + 1, attempts = 0, next_attempt_at = now(), claim_token = NULL, updated_at = now()
          WHERE id = $1 AND tenant_id = $2`,
        [id, tenantId, DeliveryStatus.Pending],
      );
      await notifyDeliveriesDue(m);
    });
    this.logger.log({ tenantId, deliveryId: id }, 'delivery replayed');
    return this.get(tenantId, id);
  }

  private async withAttempts(tenantId: string, rows: DeliveryEntity[]): Promise<DeliveryView[]> {
    if (!rows.length) return [];
    const attempts = await this.dataSource.getRepository(DeliveryAttemptEntity).find({
      where: { tenantId, deliveryId: In(rows.map((r) => r.id)) },
      order: { attemptedAt: 'ASC' },
    });
    const byDelivery = new Map<string, DeliveryAttemptView[]>();
    for (const a of attempts) {
      const list = byDelivery.get(a.deliveryId) ?? [];
      list.push({
        cycle: a.cycle,
        attempt: a.attempt,
        attemptedAt: a.attemptedAt.toISOString(),
        statusCode: a.statusCode,
        error: a.error,
        durationMs: a.durationMs,
      });
      byDelivery.set(a.deliveryId, list);
    }
    return rows.map((d) => ({
      id: d.id,
      endpointId: d.endpointId,
      eventId: d.eventId,
      eventType: d.eventType,
      subject: d.subject,
      status: d.status,
      cycle: d.cycle,
      attempts: d.attempts,
      nextAttemptAt:
        d.status === DeliveryStatus.Pending || d.status === DeliveryStatus.Failed ? (d.nextAttemptAt?.toISOString() ?? null) : null,
      lastStatusCode: d.lastStatusCode,
      lastError: d.lastError,
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
      data: d.payload,
      attemptLog: byDelivery.get(d.id) ?? [],
    }));
  }
}
