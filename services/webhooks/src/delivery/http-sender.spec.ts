import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendWebhook } from './http-sender';

/** Against a real loopback HTTP server: what one attempt reports for each kind of answer. */
describe('sendWebhook', () => {
  let server: http.Server;
  let base: string;
  const seen: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ path: req.url ?? '', headers: req.headers, body });
        if (req.url === '/ok') res.writeHead(204).end();
        else if (req.url === '/redirect') res.writeHead(302, { location: '/ok' }).end();
        else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 1_000);
        else res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'x'.repeat(1_000) }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const send = (path: string, extra: Partial<Parameters<typeof sendWebhook>[0]> = {}) =>
    sendWebhook({
      url: `${base}${path}`,
      headers: { 'x-custom': 'yes' },
      body: '{"a":1}',
      timeoutMs: 2_000,
      allowPrivateTargets: true,
      ...extra,
    });

  it('reports a 2xx as delivered and sends JSON with our headers', async () => {
    const r = await send('/ok');
    expect(r).toMatchObject({ ok: true, statusCode: 204, error: null });
    const last = seen[seen.length - 1];
    expect(last?.body).toBe('{"a":1}');
    expect(last?.headers['content-type']).toBe('application/json');
    expect(last?.headers['x-custom']).toBe('yes');
  });

  it('does not follow redirects', async () => {
    expect(await send('/redirect')).toMatchObject({ ok: false, statusCode: 302, error: 'HTTP 302' });
  });

  it('keeps the start of an error answer, bounded', async () => {
    const r = await send('/boom');
    expect(r.statusCode).toBe(500);
    expect(r.error).toMatch(/^HTTP 500: \{"error":"xxx/);
    expect(r.error!.length).toBeLessThanOrEqual(320);
  });

  it('gives up after the timeout', async () => {
    const r = await send('/slow', { timeoutMs: 200 });
    expect(r).toMatchObject({ ok: false, statusCode: null, error: 'timed out after 200 ms' });
    expect(r.durationMs).toBeGreaterThanOrEqual(190);
    expect(r.durationMs).toBeLessThan(900);
  });

  it('refuses loopback targets when private targets are not allowed, by IP or by name', async () => {
    const before = seen.length;
    expect(await send('/ok', { allowPrivateTargets: false })).toMatchObject({ ok: false, error: expect.stringMatching(/private address/) });
    const byName = await sendWebhook({
      url: base.replace('127.0.0.1', 'localhost') + '/ok',
      headers: {},
      body: '{}',
      timeoutMs: 2_000,
      allowPrivateTargets: false,
    });
    expect(byName).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/resolves to a private address/) });
    expect(seen.length).toBe(before);
  });

  it('reports a refused connection', async () => {
    const r = await sendWebhook({ url: 'http://127.0.0.1:1/x', headers: {}, body: '{}', timeoutMs: 2_000, allowPrivateTargets: true });
    expect(r).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/ECONNREFUSED/) });
  });
});
