/**
 * `npm run bench -- infra`: what the local engines can do on this machine, measured in one run. These are the
 * ceilings every later benchmark is compared with (see `loadInfraLimits` in bench/lib).
 *
 * Options: --pg-rows (200000) --kafka-messages (50000) --kafka-message-bytes (1024) --kafka-batch (500)
 *          --temporal-workflows (500) --temporal-concurrency (50)
 */
import { intOption } from './lib/options';
import { type Benchmark, type BenchOutcome, runNamespace } from './lib/types';
import { benchKafka } from './infra/kafka';
import { benchPostgres } from './infra/postgres';
import { benchTemporal } from './infra/temporal';

export const benchmark: Benchmark = {
  name: 'infra',
  description: 'PostgreSQL COPY rows/s, Kafka produce/consume msg/s, Temporal no-op workflow completions/s',
  async run(ctx): Promise<BenchOutcome> {
    const o = ctx.options;
    const pg = { rows: intOption(o, 'pg-rows', 200_000, 5_000_000), rowsPerChunk: 1000, timeoutSeconds: 120 };
    const kafka = {
      messages: intOption(o, 'kafka-messages', 50_000, 1_000_000),
      messageBytes: intOption(o, 'kafka-message-bytes', 1024, 1_000_000),
      batchSize: intOption(o, 'kafka-batch', 500, 10_000),
      inFlightBatches: intOption(o, 'kafka-in-flight', 4, 32),
      partitions: 3,
      timeoutSeconds: 120,
    };
    const temporal = {
      workflows: intOption(o, 'temporal-workflows', 500, 20_000),
      concurrency: intOption(o, 'temporal-concurrency', 50, 500),
      warmup: 20,
      namespace: runNamespace(ctx),
      timeoutSeconds: 240,
    };

    const pgResult = await benchPostgres(ctx, pg);
    const kafkaResult = await benchKafka(ctx, kafka);
    const temporalResult = await benchTemporal(ctx, temporal);

    const t = temporalResult.facts;
    return {
      figures: [...pgResult.figures, ...kafkaResult.figures, ...temporalResult.figures],
      settings: {
        postgres: { ...pg, ...pgResult.facts },
        kafka: { ...kafka, ...kafkaResult.facts },
        temporal: { ...temporal, ...temporalResult.facts },
        endpoints: {
          DATABASE_URL: ctx.env.DATABASE_URL?.replace(/:[^:@/]+@/, ':***@'),
          KAFKA_BROKERS: ctx.env.KAFKA_BROKERS,
          TEMPORAL_ADDRESS: ctx.env.TEMPORAL_ADDRESS,
        },
      },
      notes: [
        `Temporal: ${String(t.server)}, ${String(t.persistence)}, pragmas ${JSON.stringify(t.sqlitePragmas)} (WAL ${t.walEnabled ? 'on' : 'off'}), server ${String(t.serverVersion)}`,
        "The engines and this process share the machine's cores (and other engineers' builds): figures are what one box does, not a cluster.",
        'Engines run one after another, each alone with the client; a real flow spends all three at once.',
      ],
    };
  },
};
