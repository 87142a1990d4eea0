import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
  type Provider,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { runMigrations, serviceDataSourceOptions, type ServiceDataSourceOptions } from './database/data-source';
import { type HealthCheck, HealthModule } from './health/health';
import { RequestContextMiddleware } from './http/request-context.middleware';
import { INTERNAL_API_TOKEN, InternalApiGuard } from './internal/internal-api.guard';
import { createIdempotentProducer, createKafka, ensureTopics } from './kafka/kafka';
import { HttpMetricsMiddleware, MetricsModule } from './metrics/metrics';
import { OutboxRelay } from './outbox/outbox.relay';
import { OUTBOX_SCHEMA, OutboxParking, OutboxParkingController } from './outbox/outbox.parking';
import { OutboxWriter } from './outbox/outbox.service';
import { SecretBox } from './security/secret-box';
import { createTemporalClient } from './temporal/temporal';

export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');
export const KAFKA = Symbol('KAFKA');
export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');
export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

export interface PlatformOptions {
  service: string;
  /** Postgres: the service's schema, entities and migrations. */
  database?: Omit<ServiceDataSourceOptions, 'url'> & { url: string; runMigrations: boolean };
  kafka?: {
    brokers: string[];
    /** Topics this process produces or consumes; created (with DLQs) at start if missing. */
    topics?: string[];
    /** Relay this service's outbox to Kafka from this process. */
    relayOutbox?: boolean;
    /** Attempts before a row the broker refuses for good is parked (default 5). */
    outboxMaxAttempts?: number;
  };
  temporal?: { address: string; namespace: string };
  internalApiToken?: string;
  secretsKey?: string;
  /** HTTP processes get health/metrics routes and request middleware; workers do not. */
  http?: boolean;
}

@Injectable()
class PlatformLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('platform');
  private relay: OutboxRelay | undefined;

  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly opts: PlatformOptions,
    @Optional() private readonly dataSource?: DataSource,
    @Optional() @Inject(KAFKA_PRODUCER) private readonly producer?: Producer,
    @Optional() @Inject(KAFKA_ADMIN) private readonly admin?: Admin,
    @Optional() @Inject(TEMPORAL_CLIENT) private readonly temporal?: Client,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.opts.kafka?.relayOutbox && this.dataSource && this.producer && this.opts.database) {
      this.relay = new OutboxRelay(this.dataSource, this.producer, {
        schema: this.opts.database.schema,
        databaseUrl: this.opts.database.url,
        ...(this.opts.kafka.outboxMaxAttempts ? { maxAttempts: this.opts.kafka.outboxMaxAttempts } : {}),
      });
      await this.relay.start();
      this.logger.log(`outbox relay started for schema ${this.opts.database.schema}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    await this.temporal?.connection.close().catch(() => undefined);
  }
}

@Module({})
class PlatformHttpModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware, HttpMetricsMiddleware).forRoutes('*path');
  }
}

/**
 * Everything a service process needs from the platform, wired once: data source (with migrations at start
 * in dev), Kafka producer/admin and outbox relay, Temporal client, health and metrics, internal API guard.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(opts: PlatformOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: PLATFORM_OPTIONS, useValue: opts },
      PlatformLifecycle,
      { provide: INTERNAL_API_TOKEN, useValue: opts.internalApiToken ?? 'local-internal-token-change-me' },
      InternalApiGuard,
    ];
    const exported: (string | symbol | Provider)[] = [PLATFORM_OPTIONS, INTERNAL_API_TOKEN, InternalApiGuard];
    const imports: DynamicModule[] = [];
    const checks: { inject: (string | symbol | typeof DataSource)[] } = { inject: [] };
    const builders: ((deps: Map<unknown, unknown>) => HealthCheck | undefined)[] = [];

    if (opts.secretsKey) {
      providers.push({ provide: SecretBox, useValue: new SecretBox(opts.secretsKey) });
      exported.push(SecretBox);
    }

    if (opts.database) {
      const db = opts.database;
      imports.push(
        TypeOrmModule.forRootAsync({
          useFactory: () => serviceDataSourceOptions(db),
          dataSourceFactory: async (options) => {
            if (!options) throw new Error('no data source options');
            const ds = new DataSource(options);
            await ds.initialize();
            if (db.runMigrations) await runMigrations(ds);
            return ds;
          },
        }),
      );
      providers.push({ provide: OutboxWriter, useValue: new OutboxWriter(db.schema, `looma-hub/${opts.service}`) });
      exported.push(OutboxWriter);
      checks.inject.push(DataSource);
      builders.push((deps) => {
        const ds = deps.get(DataSource) as DataSource;
        return { name: 'postgres', check: () => ds.query('SELECT 1') };
      });
    }

    if (opts.kafka) {
      const k = opts.kafka;
      providers.push(
        { provide: KAFKA, useFactory: () => createKafka({ brokers: k.brokers, clientId: opts.service }) },
        {
          provide: KAFKA_ADMIN,
          inject: [KAFKA],
          useFactory: async (kafka: Kafka) => {
            const admin = kafka.admin();
            await admin.connect();
            if (k.topics?.length) await ensureTopics(admin, [...k.topics, ...k.topics.map((t) => `${t}.dlq`)]);
            return admin;
          },
        },
        {
          provide: KAFKA_PRODUCER,
          inject: [KAFKA, KAFKA_ADMIN],
          useFactory: (kafka: Kafka) => createIdempotentProducer(kafka),
        },
      );
      exported.push(KAFKA, KAFKA_PRODUCER, KAFKA_ADMIN);
      checks.inject.push(KAFKA_ADMIN);
      builders.push((deps) => {
        const admin = deps.get(KAFKA_ADMIN) as Admin;
        return { name: 'kafka', check: () => admin.describeCluster() };
      });
    }

    if (opts.temporal) {
      const t = opts.temporal;
      providers.push({ provide: TEMPORAL_CLIENT, useFactory: () => createTemporalClient(t) });
      exported.push(TEMPORAL_CLIENT);
      checks.inject.push(TEMPORAL_CLIENT);
      builders.push((deps) => {
        const client = deps.get(TEMPORAL_CLIENT) as Client;
        return {
          name: 'temporal',
          check: () => client.workflowService.getSystemInfo({}),
        };
      });
    }

    if (opts.http !== false) {
      imports.push(
        HealthModule.forRoot({
          inject: checks.inject,
          useFactory: (...deps: unknown[]) => {
            const map = new Map(checks.inject.map((token, i) => [token, deps[i]]));
            return builders.map((b) => b(map)).filter((c): c is HealthCheck => Boolean(c));
          },
        }),
        { module: MetricsModule },
        { module: PlatformHttpModule },
      );
    }

    // A process that relays an outbox and serves HTTP answers for its parked rows (internal API).
    const controllers = opts.http !== false && opts.kafka?.relayOutbox && opts.database ? [OutboxParkingController] : [];
    if (opts.database) {
      providers.push({ provide: OUTBOX_SCHEMA, useValue: opts.database.schema }, OutboxParking);
      exported.push(OutboxParking);
    }

    return { module: PlatformModule, global: true, imports, providers, controllers, exports: [...exported, ...imports] };
  }
}
