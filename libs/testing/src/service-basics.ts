/// <reference types="jest" />
import type { INestApplication } from '@nestjs/common';
import { schemaDrift } from '@looma-hub/platform';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase, testEnv } from './env';

/**
 * What every hub service does before any feature of its own, tested against the real Postgres (a database of its
 * own) and Kafka: it migrates its schema at start with no drift from its entities, reports its dependencies in
 * /health/ready, serves /metrics with its outbox gauge, answers for its parked outbox rows behind the internal
 * token, and gives problem+json for unknown routes and malformed bodies.
 */
export function describeServiceBasics(opts: {
  service: string;
  schema: string;
  start: (env: NodeJS.ProcessEnv) => Promise<{ app: INestApplication; url: string }>;
}): void {
  describe(`${opts.service}: the service basics`, () => {
    const token = `${opts.service}-int-token-0123456789`;
    let db: TestDatabase;
    let app: INestApplication;
    let url: string;

    beforeAll(async () => {
      db = await createTestDatabase('basics');
      ({ app, url } = await opts.start({
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        HTTP_PORT: '0',
        DATABASE_URL: db.url,
        KAFKA_BROKERS: testEnv().KAFKA_BROKERS,
        INTERNAL_API_TOKEN: token,
      }));
    }, 90_000);

    // A service with Kafka consumers leaves its group on close, which takes a few seconds.
    afterAll(async () => {
      await app?.close();
      await db?.drop();
    }, 30_000);

    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${url}${path}`, { headers });

    it('is ready once Postgres and Kafka answer, and says so per dependency', async () => {
      const res = await get('/health/ready');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', checks: { postgres: { status: 'up' }, kafka: { status: 'up' } } });
    });

    it('migrated its own schema at start, matching its entities', async () => {
      const ds = app.get(DataSource);
      expect(await schemaDrift(ds)).toEqual([]);
      const tables = (await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [
        opts.schema,
      ])) as unknown[];
      expect(tables.length).toBeGreaterThanOrEqual(3);
    });

    it('serves Prometheus metrics with its parked-outbox gauge', async () => {
      const text = await (await get('/metrics')).text();
      expect(text).toContain(`outbox_parked_messages{schema="${opts.schema}",service="${opts.service}"} 0`);
    });

    it('answers for its parked outbox rows, only with the internal token', async () => {
      expect((await get('/internal/outbox/parked')).status).toBe(401);
      const res = await get('/internal/outbox/parked', { 'x-internal-token': token });
      expect({ status: res.status, body: await res.json() }).toEqual({ status: 200, body: { total: 0, items: [] } });
    });

    it('answers problem+json to an unknown route and to a malformed body', async () => {
      const missing = await get('/nope');
      expect({ status: missing.status, type: missing.headers.get('content-type')?.split(';')[0] }).toEqual({
        status: 404,
        type: 'application/problem+json',
      });
      expect(await missing.json()).toMatchObject({ code: 'request.route-not-found' });
      const bad = await fetch(`${url}/internal/outbox/parked/requeue`, {
        method: 'POST',
        headers: { 'x-internal-token': token, 'content-type': 'application/json' },
        body: '{"ids": [',
      });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ code: 'request.malformed-json', errors: [{ field: '(body)' }] });
    });
  });
}
