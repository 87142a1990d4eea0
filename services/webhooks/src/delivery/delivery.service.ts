import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CloudEvent, WebhookErrors } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { invalidRequest } from '@looma-hub/platform';
import { DataSource, type EntityManager, In } from 'typeorm';
import { rowsOf } from '../common/rows';
import { matchesEventFilter } from '../endpoint/domain/event-filter';
import { EndpointEntity } from '../endpoint/endpoint.entity';
import { notifyDeliveriesDue } from './delivery.channel';
import { DeliveryAttemptEntity, DeliveryEntity, DeliveryStatus } from './delivery.entity';
import { formatAccepts } from './domain/formats';
import type { BulkReplayDto, DeliveryAttemptView, DeliveryPage, DeliveryQueryDto, DeliveryView } from './dto/delivery.dto';

/** A domain event as the endpoints will hear it: its outbound type and the aggregate it is about (the order key). */
export interface OutboundEvent {
  event: CloudEvent;
  type: string;
  subject: string | null;
}

const MAX_BULK_REPLAY = 10_000;

@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs inside the idempotent consumer's transaction (one per partition batch): one pending delivery per enabled
   * endpoint of the event's tenant whose filter and format want it, in event order (their `seq` is the order the
   * dispatcher keeps per endpoint and subject). UNIQUE(endpoint_id, event_id) makes a redelivered event a no-op even
   * past the consumer's own dedupe. An endpoint gets what happens after it was registered: re-reading the topic (a new
   * consumer group, expired offsets) must not flood a new endpoint with history.
   */
  async enqueue(m: EntityManager, items: readonly OutboundEvent[]): Promise<number> {
    if (!items.length) return 0;
    const tenants = [...new Set(items.map((i) => i.event.tenantid))];
    const endpoints = await m.find(EndpointEntity, { where: { tenantId: In(tenants), enabled: true }, order: { createdAt: 'ASC' } });
    if (!endpoints.length) return 0;
    const byTenant = new Map<string, EndpointEntity[]>();
    for (const e of endpoints) byTenant.set(e.tenantId, [...(byTenant.get(e.tenantId) ?? []), e]);
    const rows: Record<string, unknown>[] = [];
    for (const { event, type, subject } of items) {
      const parsedTime = new Date(event.time);
      const eventTime = Number.isNaN(parsedTime.getTime()) ? new Date() : parsedTime;
      const payload = { ...(event.data as Record<string, unknown>), tenantId: event.tenantid, eventId: event.id };
      for (const e of byTenant.get(event.tenantid) ?? []) {
        if (e.createdAt.getTime() > eventTime.getTime()) continue;
        if (!matchesEventFilter(e.eventTypes, type) || !formatAccepts(e.format, type, payload)) continue;
        rows.push({
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
        });
      }
    }
    if (!rows.length) return 0;
    const inserted = await m.createQueryBuilder().insert().into(DeliveryEntity).values(rows).orIgnore().returning(['id']).execute();
    const count = (inserted.raw as unknown[]).length;
    if (count) await notifyDeliveriesDue(m);
    this.logger.debug({ events: items.length, deliveries: count }, 'deliveries queued');
    return count;
  }

  /** Newest first, filtered; `nextCursor` continues after the last item (null at the end). */
  async list(tenantId: string, q: DeliveryQueryDto): Promise<DeliveryPage> {
    const limit = q.limit ?? 50;
    const qb = this.dataSource
      .getRepository(DeliveryEntity)
      .createQueryBuilder('d')
      .where('d.tenant_id = :tenantId', { tenantId })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(limit + 1);
    if (q.endpointId) qb.andWhere('d.endpoint_id = :endpointId', { endpointId: q.endpointId });
    if (q.status) qb.andWhere('d.status = :status', { status: q.status });
    if (q.eventType) qb.andWhere('d.event_type = :eventType', { eventType: q.eventType });
    if (q.subject) qb.andWhere('d.subject = :subject', { subject: q.subject });
    if (q.since) qb.andWhere('d.created_at >= :since', { since: new Date(q.since) });
    if (q.until) qb.andWhere('d.created_at < :until', { until: new Date(q.until) });
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      qb.andWhere('(d.created_at, d.id) < (:cAt, :cId)', { cAt: new Date(c.at), cId: c.id });
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.withAttempts(tenantId, page),
      nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
    };
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

  /**
   * Every failed (and, unless narrowed, dead) delivery created since a time starts a new cycle, oldest first so each
   * subject keeps its order; deliveries of disabled endpoints are left (counted) until the endpoint is enabled.
   */
  async replayFailed(tenantId: string, input: BulkReplayDto): Promise<{ replayed: number; skippedDisabled: number }> {
    const statuses = input.statuses?.length ? input.statuses : [DeliveryStatus.Failed, DeliveryStatus.Dead];
    const params: unknown[] = [tenantId, statuses, new Date(input.since), input.until ? new Date(input.until) : null];
    const filters: string[] = [];
    if (input.endpointId) filters.push(`AND d.endpoint_id = $${params.push(input.endpointId)}`);
    if (input.eventType) filters.push(`AND d.event_type = $${params.push(input.eventType)}`);
    const where = `d.tenant_id = $1 AND d.status = ANY($2::text[]) AND d.created_at >= $3 AND ($4::timestamptz IS NULL OR d.created_at < $4)
                   ${filters.join(' ')}`;
    return this.dataSource.transaction(async (m) => {
      const [skipped] = (await m.query(
        `SELECT count(*)::int AS n FROM "webhooks"."delivery" d JOIN "webhooks"."endpoint" e ON e.id = d.endpoint_id
          WHERE ${where} AND NOT e.enabled`,
        params,
      )) as { n: number }[];
      const replayed = rowsOf(
        await m.query(
          `UPDATE "webhooks"."delivery" d
              SET status = 'pending', cycle = d.cycle + 1, attempts = 0, next_attempt_at = now(), claim_token = NULL, updated_at = now()
             FROM (SELECT d.id FROM "webhooks"."delivery" d JOIN "webhooks"."endpoint" e ON e.id = d.endpoint_id
                    WHERE ${where} AND e.enabled ORDER BY d.seq LIMIT ${MAX_BULK_REPLAY} FOR UPDATE OF d) pick
            WHERE d.id = pick.id
           RETURNING d.id`,
          params,
        ),
      );
      if (replayed.length) await notifyDeliveriesDue(m);
      this.logger.log({ tenantId, replayed: replayed.length, skippedDisabled: skipped?.n ?? 0 }, 'failed deliveries replayed');
      return { replayed: replayed.length, skippedDisabled: skipped?.n ?? 0 };
    });
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
        responseExcerpt: a.responseExcerpt,
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

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify({ at: at.toISOString(), id })).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at?: unknown; id?: unknown };
    if (typeof c.at === 'string' && typeof c.id === 'string' && !Number.isNaN(Date.parse(c.at)) && /^[0-9a-f-]{36}$/i.test(c.id)) {
      return { at: c.at, id: c.id };
    }
  } catch {
    // fall through to the field error
  }
  throw invalidRequest([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
}
