import { uniqueTenantId } from '@looma-hub/testing';
import type { DeliveryView } from '../src/delivery/dto/delivery.dto';
import type { CreatedEndpointView, EndpointView } from '../src/endpoint/dto/endpoint.dto';
import { startTestService, type TestService } from './support/harness';

jest.setTimeout(60_000);

/** The internal endpoints API: validation, secrets shown once and sealed at rest, tenant isolation. */
describe('internal endpoints API', () => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startTestService({ WEBHOOK_CONSUMER_ENABLED: 'false', WEBHOOK_DISPATCHER_ENABLED: 'false' });
  });

  afterAll(async () => {
    await svc?.close();
  });

  const base = (tenantId: string) => `/internal/tenants/${tenantId}/endpoints`;

  it('creates an endpoint with a generated secret shown once, header names only, values sealed at rest', async () => {
    const tenantId = uniqueTenantId('t-wh-api');
    const created = await svc.api<CreatedEndpointView>('POST', base(tenantId), {
      url: 'https://chat.example.com/hooks/looma',
      headers: { Authorization: 'Bearer chat-secret-token', 'X-Team-Id': 'team-9' },
      events: ['order.completed', 'order.cancelled'],
      description: 'Looma Chat',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: 'https://chat.example.com/hooks/looma',
      events: ['order.completed', 'order.cancelled'],
      headers: ['Authorization', 'X-Team-Id'],
      enabled: true,
      description: 'Looma Chat',
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const list = await svc.api<EndpointView[]>('GET', base(tenantId));
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).not.toHaveProperty('secret');
    expect(JSON.stringify(list.body)).not.toContain('chat-secret-token');

    const [row] = (await svc.db.query(`SELECT secret_sealed, custom_headers FROM "webhooks"."endpoint" WHERE id = $1 AND tenant_id = $2`, [
      created.body.id,
      tenantId,
    ])) as { secret_sealed: string; custom_headers: Record<string, string> }[];
    expect(row?.secret_sealed).toMatch(/^v1\./);
    expect(row?.secret_sealed).not.toContain(created.body.secret.slice(6));
    expect(row?.custom_headers.Authorization).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain('chat-secret-token');
  });

  it('keeps a given secret and does not generate another', async () => {
    const tenantId = uniqueTenantId('t-wh-api-secret');
    const secret = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
    const created = await svc.api<CreatedEndpointView>('POST', base(tenantId), { url: 'https://a.example.com/h', secret });
    expect(created.body.secret).toBe(secret);
  });

  it('names every bad field in a 400 problem', async () => {
    const tenantId = uniqueTenantId('t-wh-api-bad');
    const six = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`X-H${i}`, 'v']));
    const res = await svc.api<{ code: string; errors: { field: string }[] }>('POST', base(tenantId), {
      url: 'https://a.example.com/h',
      headers: six,
      events: ['order.shipped'],
      secret: 'not-a-secret',
    });
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('request.invalid');
    expect(res.body.errors.map((e) => e.field).sort()).toEqual(['events[0]', 'headers', 'secret']);

    const url = await svc.api<{ errors: { field: string }[] }>('POST', base(tenantId), { url: 'ftp://a.example.com' });
    expect(url.status).toBe(400);
    expect(url.body.errors[0]?.field).toBe('url');
    const unknown = await svc.api<{ errors: { field: string }[] }>('POST', base(tenantId), { url: 'https://a.example.com', colour: 'red' });
    expect(unknown.body.errors[0]?.field).toBe('colour');
    expect((await svc.api('GET', `${base(tenantId)}/not-a-uuid`)).status).toBe(400);
  });

  it('requires the internal token', async () => {
    const res = await fetch(`${svc.url}${base(uniqueTenantId('t-wh-api-auth'))}`);
    expect(res.status).toBe(401);
  });

  it('updates, disables, re-enables and deletes, only within the tenant', async () => {
    const tenantId = uniqueTenantId('t-wh-api-patch');
    const other = uniqueTenantId('t-wh-api-other');
    const { body: ep } = await svc.api<CreatedEndpointView>('POST', base(tenantId), { url: 'https://a.example.com/h' });

    expect((await svc.api('GET', `${base(other)}/${ep.id}`)).status).toBe(404);
    expect((await svc.api('PATCH', `${base(other)}/${ep.id}`, { enabled: false })).status).toBe(404);
    expect((await svc.api('DELETE', `${base(other)}/${ep.id}`)).status).toBe(404);

    const off = await svc.api<EndpointView>('PATCH', `${base(tenantId)}/${ep.id}`, {
      enabled: false,
      url: 'https://b.example.com/h',
      events: ['order.*'],
    });
    expect(off.body).toMatchObject({
      enabled: false,
      url: 'https://b.example.com/h',
      events: ['order.*'],
      disabledReason: 'disabled through the API',
    });
    const on = await svc.api<EndpointView>('PATCH', `${base(tenantId)}/${ep.id}`, { enabled: true, events: null });
    expect(on.body).toMatchObject({ enabled: true, events: null, disabledAt: null, disabledReason: null });

    // A delivery of this endpoint, to see it go with it.
    await svc.db.query(
      `INSERT INTO "webhooks"."delivery" (id, tenant_id, endpoint_id, event_id, event_type, event_time, payload, status, next_attempt_at)
       VALUES (gen_random_uuid(), $1, $2, 'evt-1', 'order.completed', now(), '{}'::jsonb, 'delivered', NULL)`,
      [tenantId, ep.id],
    );
    const log = await svc.api<{ items: DeliveryView[] }>(
      'GET',
      `/internal/tenants/${tenantId}/deliveries?endpointId=${ep.id}&status=delivered&limit=10`,
    );
    expect(log.body.items.map((d) => d.eventId)).toEqual(['evt-1']);
    expect((await svc.api<{ items: DeliveryView[] }>('GET', `/internal/tenants/${other}/deliveries`)).body.items).toEqual([]);
    expect((await svc.api('GET', `/internal/tenants/${tenantId}/deliveries?status=sent`)).status).toBe(400);

    expect((await svc.api('DELETE', `${base(tenantId)}/${ep.id}`)).status).toBe(204);
    expect((await svc.api('GET', `${base(tenantId)}/${ep.id}`)).status).toBe(404);
    expect((await svc.api<{ items: DeliveryView[] }>('GET', `/internal/tenants/${tenantId}/deliveries`)).body.items).toEqual([]);
  });
});
