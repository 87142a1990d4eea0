import {
  LOOMA_PRODUCT_WEBHOOK_EVENT,
  type LoomaProductOfferedV1,
  loomaStatusOf,
  type OrderStatusChangedV1,
  type WebhookFormat,
} from '@looma-hub/contracts';

/** Largest body the hub sends; a bigger event goes out thin (its ids, `truncated: true`), to be read from the hub's API. */
export const MAX_BODY_BYTES = 20 * 1024;

export interface EndpointShape {
  url: string;
  format: WebhookFormat | string;
  options: Record<string, unknown>;
}

export interface DeliveryEvent {
  eventId: string;
  tenantId: string;
  eventType: string;
  eventTime: Date;
  subject: string | null;
  /** The event's data with `tenantId` and `eventId`. */
  payload: Record<string, unknown>;
}

export interface RenderedDelivery {
  url: string;
  body: string;
  contentType: string;
  truncated: boolean;
}

const isOrderEvent = (type: string) => type.startsWith('order.');
/** What Looma accepts; it drops any other status silently, so none other is sent. */
const LOOMA_STATUSES = new Set(['processing', 'shipped', 'finished', 'cancelled']);
const order = (payload: Record<string, unknown>) => payload as unknown as OrderStatusChangedV1;

/**
 * Whether an endpoint of this format gets the event at all: Looma only hears its four cart statuses, and only when
 * the Looma status moves (RECEIVED → REGISTERED is `processing` both times); OmniChat only the statuses its
 * status-change call knows; the other formats take every event their filter names.
 */
export function formatAccepts(format: string, eventType: string, payload: Record<string, unknown>): boolean {
  switch (format) {
    case 'looma': {
      if (eventType === LOOMA_PRODUCT_WEBHOOK_EVENT) return true;
      if (!isOrderEvent(eventType)) return false;
      const { loomaStatus, previousStatus } = order(payload);
      return !!loomaStatus && LOOMA_STATUSES.has(loomaStatus) && (previousStatus === null || loomaStatusOf[previousStatus] !== loomaStatus);
    }
    case 'omnichat':
      return isOrderEvent(eventType) && !!order(payload).omniChatStatus;
    default:
      return true;
  }
}

/** The request for one endpoint: where to, the exact body (what gets signed) and its content type. */
export function renderDelivery(endpoint: EndpointShape, event: DeliveryEvent): RenderedDelivery {
  const full = render(endpoint, event);
  if (Buffer.byteLength(full.body, 'utf8') <= MAX_BODY_BYTES) return { ...full, truncated: false };
  const thin = {
    tenantId: event.tenantId,
    eventId: event.eventId,
    subject: event.subject,
    truncated: true,
    reason: `the event is larger than ${MAX_BODY_BYTES} bytes; read it from the hub's API`,
  };
  return { ...render(endpoint, { ...event, payload: thin }, true), truncated: true };
}

function render(endpoint: EndpointShape, e: DeliveryEvent, thin = false): Omit<RenderedDelivery, 'truncated'> {
  const json = 'application/json';
  switch (endpoint.format) {
    case 'looma': {
      if (e.eventType === LOOMA_PRODUCT_WEBHOOK_EVENT && !thin) {
        const workspaceId = typeof endpoint.options.workspaceId === 'string' ? endpoint.options.workspaceId.toLowerCase() : null;
        const messages = (e.payload as unknown as LoomaProductOfferedV1).messages ?? [];
        const mine = workspaceId ? messages.filter((m) => m.workspaceId.toLowerCase() === workspaceId) : messages;
        return { url: endpoint.url, contentType: json, body: JSON.stringify(mine) };
      }
      if (thin) return { url: endpoint.url, contentType: json, body: JSON.stringify(e.payload) };
      const o = order(e.payload);
      return {
        url: endpoint.url,
        contentType: json,
        body: JSON.stringify({
          workspaceId: typeof endpoint.options.workspaceId === 'string' ? endpoint.options.workspaceId : null,
          cartId: o.externalId ?? o.orderId,
          status: o.loomaStatus,
          orderId: o.orderId,
          retailerSaleId: o.retailerSaleId,
          occurredAt: o.occurredAt,
        }),
      };
    }
    case 'omnichat': {
      const o = order(e.payload);
      const platformOrderId = o.externalId ?? o.orderId ?? e.subject ?? '';
      const base = endpoint.url.replace(/\/+$/, '');
      return {
        url: `${base}/v2/orders/${encodeURIComponent(platformOrderId)}/statusChange`,
        contentType: json,
        body: JSON.stringify({
          responsible: typeof endpoint.options.responsible === 'string' ? endpoint.options.responsible : 'Looma Hub',
          status: o.omniChatStatus,
          message: o.reason ?? omniChatMessage(o),
          orderGwId: o.orderId,
        }),
      };
    }
    case 'cloudevents':
      return {
        url: endpoint.url,
        contentType: 'application/cloudevents+json',
        body: JSON.stringify({
          specversion: '1.0',
          id: e.eventId,
          source: `/looma-hub/tenants/${e.tenantId}`,
          type: `hub.${e.eventType}`,
          ...(e.subject ? { subject: e.subject } : {}),
          time: e.eventTime.toISOString(),
          datacontenttype: json,
          data: e.payload,
        }),
      };
    default:
      return {
        url: endpoint.url,
        contentType: json,
        body: JSON.stringify({ type: e.eventType, timestamp: e.eventTime.toISOString(), data: e.payload }),
      };
  }
}

function omniChatMessage(o: OrderStatusChangedV1): string {
  switch (o.status) {
    case 'REGISTERED':
      return o.retailerSaleId ? `Pedido registrado no varejista (venda ${o.retailerSaleId})` : 'Pedido registrado no varejista';
    case 'COMPLETED':
      return 'Venda concluída pelo varejista';
    case 'CANCELLED':
      return 'Pedido cancelado';
    case 'FAILED':
      return 'Pedido não pôde ser registrado no varejista';
    default:
      return `Pedido ${o.status}`;
  }
}
