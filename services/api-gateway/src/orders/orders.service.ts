import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  ORDER_PROVISIONING_WORKFLOW,
  type OrderProvisioningInput,
  OrderErrors,
  OrderStatus,
  type OrderView,
  SearchAttributes,
  TaskQueues,
  WorkflowIds,
} from '@looma-hub/contracts';
import { callTemporal, currentContext, type InternalClient, TEMPORAL_CLIENT } from '@looma-hub/platform';
import { DomainError, isDomainError } from '@looma-hub/domain';
import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import {
  defaultPayloadConverter,
  defineSearchAttributeKey,
  fromPayloadsAtIndex,
  SearchAttributeType,
  TypedSearchAttributes,
} from '@temporalio/common';
import { ORDERS_API } from '../common/internal-clients';
import { ORDER_ID_NAMESPACE, uuidV5 } from '../common/uuid';
import type { CreateOrderDto, OrderAcceptedDto } from './dto/create-order.dto';

const tenantKey = defineSearchAttributeKey(SearchAttributes.tenantId, SearchAttributeType.KEYWORD);
const orderKey = defineSearchAttributeKey(SearchAttributes.orderId, SearchAttributeType.KEYWORD);

@Injectable()
export class GatewayOrdersService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(ORDERS_API) private readonly orders: InternalClient,
  ) {}

  /**
   * Accepts an order and starts its provisioning saga (workflow `order-<id>` on task queue `orders`).
   * The order id derives from (tenant, externalId) when given, so a repeated chat order is the same order:
   * Temporal refuses a second workflow with that id and no second sale can follow.
   */
  async place(tenantId: string, dto: CreateOrderDto, idempotencyKey?: string): Promise<OrderAcceptedDto> {
    const sum = dto.items.reduce((acc, i) => acc + i.quantity * i.unitPriceCents, 0);
    if (!Number.isSafeInteger(sum)) throw new DomainError(OrderErrors.TotalTooLarge, 'The order total is too large.');
    if (dto.totalCents !== undefined && dto.totalCents !== sum) {
      throw new DomainError(OrderErrors.TotalMismatch, `totalCents is ${dto.totalCents} but the items add up to ${sum}.`, {
        fieldErrors: [{ field: 'totalCents', message: `must equal the sum of the items (${sum})` }],
      });
    }
    // A deterministic id whenever the client gave us something stable (its order id, or its Idempotency-Key):
    // however a retry reaches us — after a timeout, a lost answer, a crashed gateway — it lands on the same
    // workflow id, which Temporal will not start twice.
    const orderId = dto.externalId
      ? uuidV5(`${tenantId}:${dto.externalId}`, ORDER_ID_NAMESPACE)
      : idempotencyKey
        ? uuidV5(`${tenantId}:idem:${idempotencyKey}`, ORDER_ID_NAMESPACE)
        : randomUUID();
    const workflowId = WorkflowIds.order(orderId);
    const input: OrderProvisioningInput = {
      tenantId,
      orderId,
      correlationId: currentContext()?.correlationId ?? workflowId,
      order: {
        ...(dto.externalId ? { externalId: dto.externalId } : {}),
        channel: 'api',
        customer: {
          name: dto.customer.name,
          document: dto.customer.document.replace(/[^0-9A-Za-z]/g, '').toUpperCase(),
          ...(dto.customer.phone ? { phone: dto.customer.phone } : {}),
          ...(dto.customer.email ? { email: dto.customer.email } : {}),
        },
        lines: dto.items.map((i) => ({
          productId: i.productId,
          ...(i.sku ? { sku: i.sku } : {}),
          ...(i.name ? { name: i.name } : {}),
          quantity: i.quantity,
          unitPriceCents: i.unitPriceCents,
        })),
        totalCents: sum,
        ...(dto.paymentMethod ? { paymentMethod: dto.paymentMethod } : {}),
        ...(dto.notes ? { notes: dto.notes } : {}),
      },
    };
    try {
      await this.withTemporal(() =>
        this.temporal.workflow.start(ORDER_PROVISIONING_WORKFLOW, {
          taskQueue: TaskQueues.orders,
          workflowId,
          args: [input],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: new TypedSearchAttributes([
            { key: tenantKey, value: tenantId },
            { key: orderKey, value: orderId },
          ]),
          memo: { tenantId, orderId, externalId: dto.externalId ?? null },
        }),
      );
      return { id: orderId, status: OrderStatus.Received, workflowId, created: true };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      const existing = await this.get(tenantId, orderId).catch(() => null);
      return { id: orderId, status: existing?.status ?? OrderStatus.Received, workflowId, created: false };
    }
  }

  /** The order with its status history; while the saga has not written it yet, what Temporal knows. */
  async get(tenantId: string, orderId: string): Promise<OrderView> {
    try {
      return await this.orders.get<OrderView>(`/internal/tenants/${encodeURIComponent(tenantId)}/orders/${orderId}`);
    } catch (err) {
      if (!isDomainError(err, OrderErrors.NotFound)) throw err;
    }
    const workflowId = WorkflowIds.order(orderId);
    try {
      const handle = this.temporal.workflow.getHandle(workflowId);
      const d = await this.withTemporal(() => handle.describe());
      const memo = (await d.memo) as { tenantId?: string } | undefined;
      if (memo?.tenantId !== tenantId) throw orderNotFound(orderId);
      // The saga has not written the order yet: answer with what it was started with.
      const history = await this.withTemporal(() => handle.fetchHistory());
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      const input = fromPayloadsAtIndex<OrderProvisioningInput>(defaultPayloadConverter, 0, started?.input?.payloads);
      const at = d.startTime.toISOString();
      return {
        id: orderId,
        tenantId,
        externalId: input.order.externalId ?? null,
        status: OrderStatus.Received,
        customer: input.order.customer,
        lines: input.order.lines,
        totalCents: input.order.totalCents,
        retailerSaleId: null,
        workflowId,
        createdAt: at,
        updatedAt: at,
        history: [{ status: OrderStatus.Received, at }],
      };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw orderNotFound(orderId);
      throw err;
    }
  }

  /** Temporal calls with a deadline; an unreachable or failing Temporal is a 503 (`temporal.unavailable`), not a 500. */
  private withTemporal<T>(fn: () => Promise<T>): Promise<T> {
    return callTemporal(this.temporal, fn);
  }
}

const orderNotFound = (orderId: string) => new DomainError(OrderErrors.NotFound, `order ${orderId} was not found`);
