import { formatAccepts, MAX_BODY_BYTES, renderDelivery } from './formats';

const order = (status: string, previousStatus: string | null, extra: Record<string, unknown> = {}) => ({
  orderId: 'o-1',
  externalId: 'chat-9',
  status,
  previousStatus,
  loomaStatus: { RECEIVED: 'processing', REGISTERED: 'processing', COMPLETED: 'finished', CANCELLED: 'cancelled', FAILED: 'cancelled' }[
    status
  ],
  omniChatStatus:
    { RECEIVED: null, REGISTERED: 'ORDER_GATEWAY_PROVISIONED', COMPLETED: 'DELIVERED', CANCELLED: 'CANCELLED' }[status] ?? null,
  retailerSaleId: 'sale-1',
  totalCents: 100,
  occurredAt: '2026-03-02T12:00:00.000Z',
  tenantId: 't-1',
  eventId: 'e-1',
  ...extra,
});
const event = (type: string, payload: Record<string, unknown>) => ({
  eventId: 'e-1',
  tenantId: 't-1',
  eventType: type,
  eventTime: new Date('2026-03-02T12:00:00Z'),
  subject: 'o-1',
  payload,
});

describe('webhook formats', () => {
  it('sends Looma only its four statuses, once per change of Looma status', () => {
    expect(formatAccepts('looma', 'order.received', order('RECEIVED', null))).toBe(true);
    expect(formatAccepts('looma', 'order.registered', order('REGISTERED', 'RECEIVED'))).toBe(false);
    expect(formatAccepts('looma', 'order.completed', order('COMPLETED', 'REGISTERED'))).toBe(true);
    expect(formatAccepts('looma', 'order.completed', order('COMPLETED', 'REGISTERED', { loomaStatus: 'delivered' }))).toBe(false);
    expect(formatAccepts('looma', 'webhook.endpoint.disabled', { endpointId: 'x' })).toBe(false);
    expect(formatAccepts('looma', 'looma.product.changed', { messages: [] })).toBe(true);
  });

  it('sends OmniChat only the statuses its status-change call knows, at the order’s own URL', () => {
    expect(formatAccepts('omnichat', 'order.received', order('RECEIVED', null))).toBe(false);
    expect(formatAccepts('omnichat', 'product.changed', {})).toBe(false);
    const r = renderDelivery(
      { url: 'https://chat.example/api/', format: 'omnichat', options: {} },
      event('order.completed', order('COMPLETED', 'REGISTERED')),
    );
    expect(r.url).toBe('https://chat.example/api/v2/orders/chat-9/statusChange');
    expect(JSON.parse(r.body)).toEqual({
      responsible: 'Looma Hub',
      status: 'DELIVERED',
      message: 'Venda concluída pelo varejista',
      orderGwId: 'o-1',
    });
  });

  it('renders Looma cart status with the workspace and ids', () => {
    const r = renderDelivery(
      { url: 'https://looma.example/hook', format: 'looma', options: { workspaceId: 'w-1' } },
      event('order.completed', order('COMPLETED', 'REGISTERED')),
    );
    expect(JSON.parse(r.body)).toEqual({
      workspaceId: 'w-1',
      cartId: 'chat-9',
      status: 'finished',
      orderId: 'o-1',
      retailerSaleId: 'sale-1',
      occurredAt: '2026-03-02T12:00:00.000Z',
    });
  });

  it('renders a CloudEvents 1.0 structured event', () => {
    const r = renderDelivery(
      { url: 'https://x.example', format: 'cloudevents', options: {} },
      event('order.completed', order('COMPLETED', 'REGISTERED')),
    );
    expect(r.contentType).toBe('application/cloudevents+json');
    expect(JSON.parse(r.body)).toMatchObject({
      specversion: '1.0',
      id: 'e-1',
      type: 'hub.order.completed',
      subject: 'o-1',
      source: '/looma-hub/tenants/t-1',
    });
  });

  it('keeps every body under 20 KB: a bigger event goes out thin, with its ids', () => {
    const big = event('product.changed', { productId: 'p-1', description: 'x'.repeat(30_000), tenantId: 't-1', eventId: 'e-1' });
    const r = renderDelivery({ url: 'https://x.example', format: 'standard', options: {} }, big);
    expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(r.truncated).toBe(true);
    expect(JSON.parse(r.body)).toMatchObject({ type: 'product.changed', data: { eventId: 'e-1', subject: 'o-1', truncated: true } });
    const small = renderDelivery(
      { url: 'https://x.example', format: 'standard', options: {} },
      event('order.completed', order('COMPLETED', 'REGISTERED')),
    );
    expect(small.truncated).toBe(false);
  });
});
