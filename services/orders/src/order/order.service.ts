import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  eventKey,
  loomaStatusOf,
  omniChatStatusOf,
  type OrderProvisioningInput,
  type OrderStatusChangedV1,
  type OrderView,
  Topics,
  WorkflowIds,
} from '@looma-hub/contracts';
import { OutboxWriter } from '@looma-hub/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { assertTransition, OrderStatus } from './domain/order';
import { OrderEntity, OrderStatusHistoryEntity } from './order.entity';

@Injectable()
export class OrderService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Writes the order as RECEIVED unless it exists already (activity retries and duplicate starts are no-ops). */
  async recordReceived(input: OrderProvisioningInput): Promise<{ created: boolean }> {
    return this.dataSource.transaction(async (m) => {
      const now = new Date();
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(OrderEntity)
        .values({
          id: input.orderId,
          tenantId: input.tenantId,
          externalId: input.order.externalId ?? null,
          channel: input.order.channel,
          status: OrderStatus.Received,
          customer: input.order.customer,
          lines: input.order.lines,
          totalCents: input.order.totalCents,
          paymentMethod: input.order.paymentMethod ?? null,
          retailerSaleId: null,
          workflowId: WorkflowIds.order(input.orderId),
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      if (!inserted.raw.length) return { created: false };
      await this.appendHistory(m, input.tenantId, input.orderId, null, OrderStatus.Received, null, now);
      return { created: true };
    });
  }

  /**
   * Moves an order to `status` with its history row and outbox event in one transaction. Repeating the
   * current status changes nothing and emits nothing, so activity retries are harmless.
   */
  async transition(input: {
    tenantId: string;
    orderId: string;
    status: OrderStatus;
    retailerSaleId?: string | null;
    reason?: string;
  }): Promise<{ changed: boolean }> {
    return this.dataSource.transaction(async (m) => {
      const order = await m.findOne(OrderEntity, {
        where: { id: input.orderId, tenantId: input.tenantId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!order) throw new Error(`order ${input.orderId} not found for tenant ${input.tenantId}`);
      if (order.status === input.status) return { changed: false };
      assertTransition(order.status, input.status);
      const previous = order.status;
      const now = new Date();
      order.status = input.status;
      if (input.retailerSaleId !== undefined) order.retailerSaleId = input.retailerSaleId;
      await m.save(order);
      await this.appendHistory(m, order.tenantId, order.id, previous, input.status, input.reason ?? null, now);
      const data: OrderStatusChangedV1 = {
        orderId: order.id,
        externalId: order.externalId,
        status: input.status,
        previousStatus: previous,
        loomaStatus: loomaStatusOf[input.status],
        omniChatStatus: omniChatStatusOf[input.status],
        retailerSaleId: order.retailerSaleId,
        ...(input.reason ? { reason: input.reason } : {}),
        totalCents: order.totalCents,
        occurredAt: now.toISOString(),
      };
      await this.outbox.enqueue(m, {
        topic: Topics.orderStatusChanged,
        tenantId: order.tenantId,
        key: eventKey(order.tenantId, order.id),
        subject: order.id,
        data,
      });
      return { changed: true };
    });
  }

  async find(tenantId: string, orderId: string): Promise<OrderView | null> {
    const order = await this.dataSource.getRepository(OrderEntity).findOneBy({ id: orderId, tenantId });
    if (!order) return null;
    const history = await this.dataSource
      .getRepository(OrderStatusHistoryEntity)
      .find({ where: { orderId, tenantId }, order: { at: 'ASC' } });
    return {
      id: order.id,
      tenantId: order.tenantId,
      externalId: order.externalId,
      status: order.status,
      customer: order.customer,
      lines: order.lines,
      totalCents: order.totalCents,
      retailerSaleId: order.retailerSaleId,
      workflowId: order.workflowId,
      createdAt: order.createdAt.toISOString(),
      updatedAt: order.updatedAt.toISOString(),
      history: history.map((h) => ({ status: h.toStatus, at: h.at.toISOString(), ...(h.reason ? { reason: h.reason } : {}) })),
    };
  }

  private async appendHistory(
    m: EntityManager,
    tenantId: string,
    orderId: string,
    from: OrderStatus | null,
    to: OrderStatus,
    reason: string | null,
    at: Date,
  ): Promise<void> {
    await m.insert(OrderStatusHistoryEntity, { id: randomUUID(), tenantId, orderId, fromStatus: from, toStatus: to, reason, at });
  }
}
