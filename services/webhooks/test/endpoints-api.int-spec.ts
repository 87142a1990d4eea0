import { uniqueTenantId } from '@looma-hub/testing';
import type { DeliveryView } from '../src/delivery/dto/delivery.dto';
import type { CreatedEndpointView, EndpointView } from '../src/endpoint/dto/endpoint.dto';
import type { TenantSettingsView } from '../src/tenant/tenant-settings.service';
import { developmentMode, startTestService, type TestService } from './support/harness';

jest.setTimeout(60_000);

interface Problem {
  code: string;
  errors: { field: string; message: string }[];
}

const REFUSED_TARGET =
  'must be a public address: loopback, private and link-local targets are allowed only for tenants in development mode';

/** The internal endpoints API: validation, secrets shown once and sealed at rest, rotation, private targets, isolation. */
describe('internal endpoints API', () => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startTestService({ WEBHOOK_CONSUMER_ENABLED: 'false', WEBHOOK_DISPATCHER_ENABLED: 'false' });
  });

  afterAll(async () => {
    await svc?.close();
  });

  const base = (tenantId: string) => `/internal/tenants/${tenantId}/endpoints`;
  const fields = (p: Problem) => p.errors.map((e) => e.field).sort();
  const sealedRow = async (tenantId: string, id: string) =>
    (
      (await svc.db.query(
        `SELECT secret_sealed, previous_secret_sealed, previous_secret_expires_at, custom_headers
           FROM "webhooks"."endpoint" WHERE id = $1 AND tenant_id = $2`,
        [id, tenantId],
      )) as {
        secret_sealed: string;
        previous_secret_sealed: string | null;
        previous_secret_expires_at: Date | null;
        custom_headers: Record<string, string>;
      }[]
    )[0];

  it('creates an endpoint with a generated secret shown once; views show hints only; values sealed at rest', async () => {
    const tenantId = uniqueTenantId('t-wh-api');
    const created = await svc.api<CreatedEndpointView>('POST', base(tenantId), {
      url: 'https://chat.example.com/hooks/looma',
      headers: { Authorization: 'Bearer chat-secret-token', 'X-Team-Id': 'team-9' },
      events: ['order.completed', 'order.cancelled'],
      description: 'Looma Chat',
    });
    expect(created.status).toBe(201);
    const secret = created.body.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.body).toMatchObject({
      url: 'https://chat.example.com/hooks/looma',
      format: 'standard',
      options: {},
      events: ['order.completed', 'order.cancelled'],
      headers: [
        { name: 'Authorization', valueHint: 'Bear…' },
        { name: 'X-Team-Id', valueHint: '…' },
      ],
      secretHint: `whsec_…${secret.slice(-4)}`,
      rotation: null,
      enabled: true,
      lastSuccessAt: null,
      disabledAt: null,
      disabledReason: null,
      description: 'Looma Chat',
    });

    const list = await svc.api<EndpointView[]>('GET', base(tenantId));
    const one = await svc.api<EndpointView>('GET', `${base(tenantId)}/${created.body.id}`);
    expect(list.body).toHaveLength(1);
    for (const view of [list.body[0], one.body]) {
      expect(view).not.toHaveProperty('secret');
      expect(view?.secretHint).toBe(`whsec_…${secret.slice(-4)}`);
      expect(view?.headers).toEqual([
        { name: 'Authorization', valueHint: 'Bear…' },
        { name: 'X-Team-Id', valueHint: '…' },
      ]);
    }
    const shown = JSON.stringify([list.body, one.body]);
    expect(shown).not.toContain(secret.slice(6, 20));
    expect(shown).not.toContain('chat-secret-token');
    expect(shown).not.toContain('team-9');

    const row = await sealedRow(tenantId, created.body.id);
    expect(row?.secret_sealed).toMatch(/^v1\./);
    expect(row?.secret_sealed).not.toContain(secret.slice(6));
    expect(row?.custom_headers.Authorization).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain('chat-secret-token');
  });

  it('stores a given secret and never echoes it', async () => {
    const tenantId = uniqueTenantId('t-wh-api-secret');
    const secret = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
    const created = await svc.api<EndpointView>('POST', base(tenantId), { url: 'https://a.example.com/h', secret });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('secret');
    expect(created.body.secretHint).toBe(`whsec_…${secret.slice(-4)}`);
    expect(JSON.stringify(created.body)).not.toContain(secret.slice(6, 30));
  });

  it('names every bad field in a 400 problem', async () => {
    const tenantId = uniqueTenantId('t-wh-api-bad');
    const six = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`X-H${i}`, 'v']));
    const res = await svc.api<Problem>('POST', base(tenantId), {
      url: 'https://a.example.com/h',
      headers: six,
      events: ['order.shipped'],
      secret: 'not-a-secret',
    });
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('request.invalid');
    expect(fields(res.body)).toEqual(['events[0]', 'headers', 'secret']);

    const url = await svc.api<Problem>('POST', base(tenantId), { url: 'ftp://a.example.com' });
    expect(url.status).toBe(400);
    expect(url.body.errors[0]?.field).toBe('url');
    const unknown = await svc.api<Problem>('POST', base(tenantId), { url: 'https://a.example.com', colour: 'red' });
    expect(unknown.body.errors[0]?.field).toBe('colour');
    expect((await svc.api('GET', `${base(tenantId)}/not-a-uuid`)).status).toBe(400);
    expect((await svc.api<EndpointView[]>('GET', base(tenantId))).body).toEqual([]);
  });

  it('checks format and options together, naming the field, and omnichat takes order events only', async () => {
    const tenantId = uniqueTenantId('t-wh-api-format');
    const post = (body: Record<string, unknown>) => svc.api<Problem>('POST', base(tenantId), { url: 'https://a.example.com/h', ...body });

    const format = await post({ format: 'slack' });
    expect({ status: format.status, fields: fields(format.body) }).toEqual({ status: 400, fields: ['format'] });
    const looma = await post({ format: 'looma', options: { workspaceId: 'ws-1' } });
    expect(looma.body.errors).toEqual([{ field: 'options.workspaceId', message: 'must be a UUID' }]);
    const standard = await post({ options: { responsible: 'Loja' } });
    expect(standard.body.errors).toEqual([
      { field: 'options.responsible', message: 'not an option of the standard format (it takes none)' },
    ]);
    const long = await post({ format: 'omnichat', options: { responsible: 'x'.repeat(101) } });
    expect(fields(long.body)).toEqual(['options.responsible']);
    const filter = await post({ format: 'omnichat', events: ['order.completed', '*', 'product.changed'] });
    expect(fields(filter.body)).toEqual(['events[1]', 'events[2]']);
    expect(filter.body.errors[0]?.message).toMatch(/omnichat format delivers order events only/);
    expect((await svc.api<EndpointView[]>('GET', base(tenantId))).body).toEqual([]);

    const workspaceId = '0b4f6c1e-5a3b-4c2d-8e1f-00000000abcd';
    const ok = await svc.api<EndpointView>('POST', base(tenantId), {
      url: 'https://looma.example.com/hooks',
      format: 'looma',
      options: { workspaceId },
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ format: 'looma', options: { workspaceId } });

    // A new format starts from no options; the old filter is checked against it.
    const star = await svc.api<EndpointView>('PATCH', `${base(tenantId)}/${ok.body.id}`, { events: ['*'] });
    expect(star.body.events).toEqual(['*']);
    const toOmni = await svc.api<Problem>('PATCH', `${base(tenantId)}/${ok.body.id}`, { format: 'omnichat' });
    expect({ status: toOmni.status, fields: fields(toOmni.body) }).toEqual({ status: 400, fields: ['events[0]'] });
    const omni = await svc.api<EndpointView>('PATCH', `${base(tenantId)}/${ok.body.id}`, {
      format: 'omnichat',
      events: ['order.*'],
      options: { responsible: 'Equipe Centro' },
    });
    expect(omni.status).toBe(200);
    expect(omni.body).toMatchObject({ format: 'omnichat', options: { responsible: 'Equipe Centro' }, events: ['order.*'] });
    const toStandard = await svc.api<EndpointView>('PATCH', `${base(tenantId)}/${ok.body.id}`, { format: 'standard' });
    expect(toStandard.body).toMatchObject({ format: 'standard', options: {} });
    const badOption = await svc.api<Problem>('PATCH', `${base(tenantId)}/${ok.body.id}`, { options: { workspaceId } });
    expect(fields(badOption.body)).toEqual(['options.workspaceId']);
  });

  it('rotates the secret: the new one shown once, the old one signing until the window ends, then ended on demand', async () => {
    const tenantId = uniqueTenantId('t-wh-api-rotate');
    const { body: ep } = await svc.api<CreatedEndpointView>('POST', base(tenantId), { url: 'https://a.example.com/h' });
    const rotate = (body: Record<string, unknown>) =>
      svc.api<CreatedEndpointView & Problem>('POST', `${base(tenantId)}/${ep.id}/rotate-secret`, body);
    const before = await sealedRow(tenantId, ep.id);

    const bad = await rotate({ secret: 'hunter2', previousValidFor: '8d' });
    expect({ status: bad.status, fields: fields(bad.body) }).toEqual({ status: 400, fields: ['previousValidFor', 'secret'] });

    const asked = Date.now();
    const rotated = await rotate({ previousValidFor: '1h' });
    const answered = Date.now();
    expect(rotated.status).toBe(200);
    const next = rotated.body.secret;
    expect(next).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(next).not.toBe(ep.secret);
    expect(rotated.body.secretHint).toBe(`whsec_…${next.slice(-4)}`);
    const expiresAt = new Date(rotated.body.rotation?.previousSecretExpiresAt ?? 0).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(asked + 3_600_000 - 1_000);
    expect(expiresAt).toBeLessThanOrEqual(answered + 3_600_000 + 1_000);

    const seen = await svc.api<EndpointView>('GET', `${base(tenantId)}/${ep.id}`);
    expect(seen.body).not.toHaveProperty('secret');
    expect(seen.body.secretHint).toBe(`whsec_…${next.slice(-4)}`);
    expect(seen.body.rotation).toEqual(rotated.body.rotation);
    expect(JSON.stringify(seen.body)).not.toContain(next.slice(6, 20));
    const during = await sealedRow(tenantId, ep.id);
    expect(during?.previous_secret_sealed).toMatch(/^v1\./);
    expect(during?.secret_sealed).not.toBe(before?.secret_sealed);
    expect(during?.previous_secret_expires_at?.toISOString()).toBe(rotated.body.rotation?.previousSecretExpiresAt);

    // Rotating to the secret already current with no window ends the old one now; a given secret is not echoed.
    const ended = await rotate({ secret: next, previousValidFor: '0' });
    expect(ended.status).toBe(200);
    expect(ended.body).not.toHaveProperty('secret');
    expect(ended.body).toMatchObject({ secretHint: `whsec_…${next.slice(-4)}`, rotation: null });
    const after = await sealedRow(tenantId, ep.id);
    expect({ previous: after?.previous_secret_sealed, expires: after?.previous_secret_expires_at }).toEqual({
      previous: null,
      expires: null,
    });
    expect((await svc.api<EndpointView>('GET', `${base(tenantId)}/${ep.id}`)).body.rotation).toBeNull();

    // By default the old secret keeps signing for 24 h.
    const given = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    const asked2 = Date.now();
    const again = await rotate({ secret: given });
    const answered2 = Date.now();
    const defaultExpiry = new Date(again.body.rotation?.previousSecretExpiresAt ?? 0).getTime();
    expect(defaultExpiry).toBeGreaterThanOrEqual(asked2 + 24 * 3_600_000 - 1_000);
    expect(defaultExpiry).toBeLessThanOrEqual(answered2 + 24 * 3_600_000 + 1_000);
    expect(again.body.secretHint).toBe(`whsec_…${given.slice(-4)}`);
    expect((await svc.api('POST', `${base(uniqueTenantId('t-wh-api-rot-other'))}/${ep.id}/rotate-secret`, {})).status).toBe(404);
  });

  it('lists the disabled endpoints with ?enabled=false', async () => {
    const tenantId = uniqueTenantId('t-wh-api-enabled');
    const on = await svc.api<EndpointView>('POST', base(tenantId), { url: 'https://a.example.com/on' });
    const off = await svc.api<EndpointView>('POST', base(tenantId), { url: 'https://a.example.com/off', enabled: false });
    expect(off.body).toMatchObject({ enabled: false, disabledReason: 'created disabled' });
    const later = await svc.api<EndpointView>('POST', base(tenantId), { url: 'https://a.example.com/later' });
    await svc.api('PATCH', `${base(tenantId)}/${later.body.id}`, { enabled: false });

    const disabled = await svc.api<EndpointView[]>('GET', `${base(tenantId)}?enabled=false`);
    expect(disabled.body.map((e) => [e.url, e.disabledReason])).toEqual([
      ['https://a.example.com/off', 'created disabled'],
      ['https://a.example.com/later', 'disabled through the API'],
    ]);
    expect(disabled.body.every((e) => e.disabledAt !== null)).toBe(true);
    expect((await svc.api<EndpointView[]>('GET', `${base(tenantId)}?enabled=true`)).body.map((e) => e.id)).toEqual([on.body.id]);
    expect((await svc.api<EndpointView[]>('GET', base(tenantId))).body).toHaveLength(3);
    const bad = await svc.api<Problem>('GET', `${base(tenantId)}?enabled=maybe`);
    expect({ status: bad.status, fields: fields(bad.body) }).toEqual({ status: 400, fields: ['enabled'] });
  });

  it('refuses loopback targets, by address or by name, unless the tenant is in development mode', async () => {
    const tenantId = uniqueTenantId('t-wh-api-dev');
    const other = uniqueTenantId('t-wh-api-dev-other');
    const settings = () => svc.api<TenantSettingsView>('GET', `/internal/tenants/${tenantId}/settings`);
    expect((await settings()).body).toEqual({ tenantId, developmentMode: false, updatedAt: null });

    for (const url of ['http://127.0.0.1:4010/chat/webhooks/x', 'http://localhost:4010/chat/webhooks/x', 'http://[::1]:4010/x']) {
      const res = await svc.api<Problem>('POST', base(tenantId), { url });
      expect({ url, status: res.status, errors: res.body.errors }).toEqual({
        url,
        status: 400,
        errors: [{ field: 'url', message: REFUSED_TARGET }],
      });
    }
    const { body: ep } = await svc.api<EndpointView>('POST', base(tenantId), { url: 'https://a.example.com/h' });
    const patched = await svc.api<Problem>('PATCH', `${base(tenantId)}/${ep.id}`, { url: 'http://10.0.0.5/h' });
    expect({ status: patched.status, fields: fields(patched.body) }).toEqual({ status: 400, fields: ['url'] });

    await developmentMode(svc, tenantId);
    expect((await settings()).body).toMatchObject({ tenantId, developmentMode: true });
    const loopback = await svc.api<EndpointView>('POST', base(tenantId), { url: 'http://127.0.0.1:4010/chat/webhooks/x' });
    const named = await svc.api<EndpointView>('POST', base(tenantId), { url: 'http://localhost:4010/chat/webhooks/x' });
    expect([loopback.status, named.status]).toEqual([201, 201]);
    expect((await svc.api<EndpointView>('PATCH', `${base(tenantId)}/${ep.id}`, { url: 'http://10.0.0.5/h' })).body.url).toBe(
      'http://10.0.0.5/h',
    );
    // Another tenant is not in development mode.
    expect((await svc.api('POST', base(other), { url: 'http://127.0.0.1:4010/x' })).status).toBe(400);

    await developmentMode(svc, tenantId, false);
    expect((await svc.api('POST', base(tenantId), { url: 'http://127.0.0.1:4010/x' })).status).toBe(400);
    const bad = await svc.api<Problem>('PUT', `/internal/tenants/${tenantId}/settings`, { developmentMode: 'yes' });
    expect({ status: bad.status, fields: fields(bad.body) }).toEqual({ status: 400, fields: ['developmentMode'] });
  });

  it('deletes the tenant settings with the tenant', async () => {
    const tenantId = uniqueTenantId('t-wh-api-purge');
    await developmentMode(svc, tenantId);
    await svc.api('POST', base(tenantId), { url: 'http://127.0.0.1:4010/x' });
    expect((await svc.api('DELETE', `/internal/tenants/${tenantId}`)).status).toBe(204);
    const rows = (await svc.db.query(`SELECT tenant_id FROM "webhooks"."tenant_setting" WHERE tenant_id = $1`, [tenantId])) as unknown[];
    expect(rows).toEqual([]);
    expect((await svc.api<TenantSettingsView>('GET', `/internal/tenants/${tenantId}/settings`)).body).toEqual({
      tenantId,
      developmentMode: false,
      updatedAt: null,
    });
    expect((await svc.api<EndpointView[]>('GET', base(tenantId))).body).toEqual([]);
    expect((await svc.api('POST', base(tenantId), { url: 'http://127.0.0.1:4010/x' })).status).toBe(400);
  });

  it('requires the internal token', async () => {
    const tenantId = uniqueTenantId('t-wh-api-auth');
    expect((await fetch(`${svc.url}${base(tenantId)}`)).status).toBe(401);
    expect((await fetch(`${svc.url}/internal/tenants/${tenantId}/settings`)).status).toBe(401);
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
