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
import { assertTransition, canTransition, OrderStatus } from './domain/order';
import { OrderEntity, OrderStatusHistoryEntity } from './order.entity';

interface TransitionInput {
  tenantId: string;
  orderId: string;
  status: OrderStatus;
  retailerSaleId?: string | null;
  reason?: string;
}

/** Order ids are UUIDs: anything else names no order (and must not reach a uuid column). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  async transition(input: TransitionInput): Promise<{ changed: boolean }> {
    return this.dataSource.transaction(async (m) => {
      const order = await this.lockOrder(m, input.tenantId, input.orderId);
      if (!order) throw new Error(`order ${input.orderId} not found for tenant ${input.tenantId}`);
      if (order.status === input.status) return { changed: false };
      assertTransition(order.status, input.status);
      await this.apply(m, order, input);
      return { changed: true };
    });
  }

  /**
   * The retailer finished a sale on its side (its signed webhook): the order follows — inside the caller's
   * transaction (the consumer's, with its processed-message row) — when it is that sale's order and the change is
   * allowed. Anything else changes nothing and says why, for the caller to log: an event the hub cannot act on is
   * not one to retry.
   */
  async followRetailerSale(
    m: EntityManager,
    input: { tenantId: string; orderId: string; saleId: string; status: OrderStatus; reason: string },
  ): Promise<{ outcome: 'changed' | 'unchanged' | 'unknown-order' | 'other-sale' | 'not-allowed'; from?: OrderStatus }> {
    if (!UUID.test(input.orderId)) return { outcome: 'unknown-order' };
    const order = await this.lockOrder(m, input.tenantId, input.orderId);
    if (!order) return { outcome: 'unknown-order' };
    if (order.retailerSaleId !== input.saleId) return { outcome: 'other-sale', from: order.status };
    if (order.status === input.status) return { outcome: 'unchanged', from: order.status };
    if (!canTransition(order.status, input.status)) return { outcome: 'not-allowed', from: order.status };
    const from = order.status;
    await this.apply(m, order, input);
    return { outcome: 'changed', from };
  }

  private lockOrder(m: EntityManager, tenantId: string, orderId: string): Promise<OrderEntity | null> {
    return m.findOne(OrderEntity, { where: { id: orderId, tenantId }, lock: { mode: 'pessimistic_write' } });
  }

  /** The change itself: status, history row, and `hub.orders.order-status-changed.v1` in the outbox. */
  private async apply(m: EntityManager, order: OrderEntity, input: TransitionInput): Promise<void> {
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
