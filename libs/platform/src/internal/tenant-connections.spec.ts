import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { InternalClient } from './internal-client';
import { TenantConnections } from './tenant-connections';

/**
 * The reader's cache against a real HTTP owner on loopback: its answers (a revision that grows, 404 for none) and
 * how long each takes are the test's to set.
 */
describe('TenantConnections', () => {
  let server: http.Server;
  let url: string;
  let revision = 1;
  let exists = true;
  let hold: Promise<void> | undefined;
  let requests = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests++;
      // The owner answers what was current when it was asked (a slow answer is an old one).
      const asked = { exists, revision };
      void (hold ?? Promise.resolve()).then(() => {
        if (!asked.exists) {
          res
            .writeHead(404, { 'content-type': 'application/problem+json' })
            .end(JSON.stringify({ code: 'connection.not-found', title: 'Connection not found' }));
        } else {
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ tenantId: 't1', kind: 'retailer', token: `token-${asked.revision}`, revision: asked.revision }));
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  beforeEach(() => {
    revision = 1;
    exists = true;
    hold = undefined;
    requests = 0;
  });

  const reader = (ttlMs = 60_000) => new TenantConnections(new InternalClient('orders', url, 'token-0123456789abcdef'), ttlMs);

  it('asks the owner once within the TTL, and again after it', async () => {
    const r = reader(50);
    expect(await r.get('t1', 'retailer')).toMatchObject({ revision: 1 });
    revision = 2;
    expect(await r.get('t1', 'retailer')).toMatchObject({ revision: 1 });
    expect(requests).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await r.get('t1', 'retailer')).toMatchObject({ revision: 2 });
    expect(requests).toBe(2);
  });

  it('asks again when a revision newer than the cached one is required', async () => {
    const r = reader();
    await r.get('t1', 'retailer');
    revision = 5;
    expect(await r.get('t1', 'retailer', { minRevision: 5 })).toMatchObject({ revision: 5 });
    expect(await r.get('t1', 'retailer')).toMatchObject({ revision: 5 });
    expect(requests).toBe(2);
  });

  it('does not cache an answer that was in flight when the connection was invalidated', async () => {
    const r = reader();
    let open: () => void = () => undefined;
    hold = new Promise<void>((resolve) => (open = resolve));
    const stale = r.get('t1', 'retailer');
    await new Promise((resolve) => setTimeout(resolve, 20)); // the request is at the owner
    r.invalidate('t1');
    hold = undefined;
    revision = 2;
    const fresh = await r.get('t1', 'retailer');
    open();
    expect(await stale).toMatchObject({ revision: 1 });
    expect(fresh).toMatchObject({ revision: 2 });
    expect(await r.get('t1', 'retailer')).toMatchObject({ revision: 2 });
  });

  it('answers null for a tenant without that connection, and does not remember it', async () => {
    const r = reader();
    exists = false;
    expect(await r.get('t1', 'retailer')).toBeNull();
    exists = true;
    expect(await r.get('t1', 'retailer')).toMatchObject({ revision: 1 });
    expect(requests).toBe(2);
  });
});
