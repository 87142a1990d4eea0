import { Controller, Get, Header, Injectable, Module, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per process: default Node metrics plus the hub's own. */
export const metricsRegistry = new Registry();
let defaultsCollected = false;

export function initMetrics(service: string): void {
  if (defaultsCollected) return;
  metricsRegistry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: metricsRegistry });
  defaultsCollected = true;
}

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const kafkaMessagesConsumed = new Counter({
  name: 'kafka_messages_consumed_total',
  help: 'Kafka messages handled by idempotent consumers',
  labelNames: ['topic', 'group', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const outboxParked = new Counter({
  name: 'outbox_messages_parked_total',
  help: 'Outbox messages parked because the broker refused them for good (see the admin API to re-queue)',
  labelNames: ['topic'] as const,
  registers: [metricsRegistry],
});

const parkedSources = new Map<string, { query: (sql: string) => Promise<unknown> }>();

/** The relay of a schema registers its data source, so the gauge below can count that schema's parked rows. */
export function registerParkedSource(schema: string, dataSource: { query: (sql: string) => Promise<unknown> }): void {
  parkedSources.set(schema, dataSource);
}

export const outboxParkedNow = new Gauge({
  name: 'outbox_parked_messages',
  help: 'Outbox rows parked right now, per service schema (alert when above zero)',
  labelNames: ['schema'] as const,
  registers: [metricsRegistry],
  async collect() {
    for (const [schema, ds] of parkedSources) {
      try {
        const rows = (await ds.query(`SELECT count(*)::int AS n FROM "${schema}"."outbox" WHERE parked_at IS NOT NULL`)) as { n: number }[];
        this.set({ schema }, rows[0]?.n ?? 0);
      } catch {
        // The database is away: keep the last value (health/ready reports the outage).
      }
    }
  },
});

export const outboxPublished = new Counter({
  name: 'outbox_messages_published_total',
  help: 'Outbox messages relayed to Kafka',
  labelNames: ['topic'] as const,
  registers: [metricsRegistry],
});

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const end = httpRequestDuration.startTimer();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({ method: req.method, route: `${req.baseUrl}${route}`, status: String(res.statusCode) });
    });
    next();
  }
}

@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  async metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}

@Module({ controllers: [MetricsController], providers: [HttpMetricsMiddleware], exports: [HttpMetricsMiddleware] })
export class MetricsModule {}
