import { Logger } from '@nestjs/common';
import { type CloudEvent, dlqTopic, isCloudEvent } from '@looma-hub/contracts';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { isTransientError } from '../errors/infrastructure';
import { runWithContext } from '../logging/context';
import { kafkaMessagesConsumed } from '../metrics/metrics';

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
}

export type EventHandler = (event: CloudEvent, ctx: { manager: EntityManager; message: ConsumedMessage }) => Promise<void>;

export interface BatchEvent {
  event: CloudEvent;
  message: ConsumedMessage;
}

/**
 * Handles the new events of one partition's batch in one transaction (duplicates already taken out), in offset
 * order. Returns the events it refuses for good, with why: they go to the DLQ once the transaction committed, and
 * `afterCommit` runs then too.
 */
export type BatchHandler = (
  events: BatchEvent[],
  ctx: { manager: EntityManager },
) => Promise<{ rejected?: { event: BatchEvent; reason: string }[]; afterCommit?: () => void } | void>;

/** Checks a parsed envelope against the topic's schema: why it is invalid, or null. Invalid → DLQ, not retried. */
export type EventValidator = (value: unknown) => string | null;

export interface IdempotentConsumerOptions {
  groupId: string;
  /** Topic → handler, one event per transaction. */
  handlers?: Record<string, EventHandler>;
  /** Topic → handler of a whole partition batch in one transaction (high-volume topics). */
  batchHandlers?: Record<string, BatchHandler>;
  /** Topic → schema check of each message, before any handler sees it. */
  validators?: Record<string, EventValidator>;
  /** The service schema holding `processed_message`. */
  schema: string;
  /** Attempts before a message goes to `<topic>.dlq`. */
  maxAttempts?: number;
  retryDelaysMs?: number[];
  fromBeginning?: boolean;
}

class PoisonMessage extends Error {}

/** A batch handler's refusal of one event, sent to the DLQ with this reason. */
class RejectedEvent extends Error {}

/**
 * At-least-once delivery made effectively-once: each event is handled inside a transaction that also records
 * (group, event id) in `processed_message`, so a redelivery is a no-op. A message that cannot be parsed, or
 * keeps failing, is published to `<topic>.dlq` with the error in its headers and the partition moves on.
 */
export class IdempotentConsumer {
  private readonly logger = new Logger(IdempotentConsumer.name);
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly dlqProducer: Producer,
    private readonly opts: IdempotentConsumerOptions,
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.opts.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      retry: { retries: 10 },
    });
    this.consumer = consumer;
    await consumer.connect();
    const topics = [...Object.keys(this.opts.handlers ?? {}), ...Object.keys(this.opts.batchHandlers ?? {})];
    await consumer.subscribe({ topics, fromBeginning: this.opts.fromBeginning ?? true });
    await consumer.run({
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const batchHandler = this.opts.batchHandlers?.[batch.topic];
        if (batchHandler) {
          await this.handleBatch(batch.topic, batch.partition, batch.messages, batchHandler, heartbeat);
          const last = batch.messages[batch.messages.length - 1];
          if (last) resolveOffset(last.offset);
          return;
        }
        for (const message of batch.messages) {
          if (!isRunning() || isStale()) return;
          await this.handle(batch.topic, batch.partition, message, heartbeat);
          resolveOffset(message.offset);
          await heartbeat();
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  private async handle(topic: string, partition: number, message: KafkaMessage, heartbeat: () => Promise<void>): Promise<void> {
    const meta: ConsumedMessage = { topic, partition, offset: message.offset, key: message.key?.toString() ?? null };
    let event: CloudEvent;
    try {
      event = this.parse(message, topic);
    } catch (err) {
      await this.toDlq(topic, message, err as Error, 0);
      return;
    }
    const handler = this.opts.handlers?.[topic] ?? this.singleFromBatch(topic);
    if (!handler) return;
    const delays = this.opts.retryDelaysMs ?? [200, 1_000, 3_000];
    const maxAttempts = this.opts.maxAttempts ?? delays.length + 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await runWithContext({ correlationId: event.correlationid ?? event.id, tenantId: event.tenantid }, () =>
          this.process(event, handler, meta),
        );
        kafkaMessagesConsumed.inc({ topic, group: this.opts.groupId, outcome });
        return;
      } catch (err) {
        const transient = isTransientError(err);
        if ((attempt >= maxAttempts && !transient) || err instanceof RejectedEvent) {
          await this.toDlq(topic, message, err as Error, attempt);
          return;
        }
        this.logger.warn({ err, topic, eventId: event.id, attempt, transient }, 'event handler failed; retrying');
        const delay = transient ? Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)) : delays[Math.min(attempt - 1, delays.length - 1)];
        await new Promise((r) => setTimeout(r, delay));
        await heartbeat();
      }
    }
  }

  private async process(event: CloudEvent, handler: EventHandler, meta: ConsumedMessage): Promise<'processed' | 'duplicate'> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = (await manager.query(
        `INSERT INTO "${this.opts.schema}"."processed_message" (consumer_group, message_id, topic) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [this.opts.groupId, event.id, meta.topic],
      )) as unknown[];
      if (!inserted.length) return 'duplicate';
      await handler(event, { manager, message: meta });
      return 'processed';
    });
  }

  /**
   * One partition's batch: parsed and checked message by message (bad ones to the DLQ), then handled in one
   * transaction with their processed-message rows. A batch that keeps failing for a reason other than an outage is
   * taken apart: each event alone, so only the one at fault reaches the DLQ.
   */
  private async handleBatch(
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    handler: BatchHandler,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const events: BatchEvent[] = [];
    for (const message of messages) {
      try {
        events.push({
          event: this.parse(message, topic),
          message: { topic, partition, offset: message.offset, key: message.key?.toString() ?? null },
        });
      } catch (err) {
        await this.toDlq(topic, message, err as Error, 0);
      }
    }
    if (!events.length) return;
    const byOffset = new Map(messages.map((m) => [m.offset, m]));
    const delays = this.opts.retryDelaysMs ?? [200, 1_000, 3_000];
    const maxAttempts = this.opts.maxAttempts ?? delays.length + 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.dataSource.transaction(async (manager) => {
          const fresh = (await manager.query(
            `INSERT INTO "${this.opts.schema}"."processed_message" (consumer_group, message_id, topic)
             SELECT $1, unnest($2::text[]), $3 ON CONFLICT DO NOTHING RETURNING message_id`,
            [this.opts.groupId, events.map((e) => e.event.id), topic],
          )) as { message_id: string }[];
          const ids = new Set(fresh.map((r) => r.message_id));
          // A redelivered event, or the same id twice in the batch: handled once, the first time.
          const todo = events.filter((e) => ids.delete(e.event.id));
          const result = todo.length ? await handler(todo, { manager }) : undefined;
          return { handled: todo.length, duplicates: events.length - todo.length, ...(result ?? {}) };
        });
        outcome.afterCommit?.();
        for (const r of outcome.rejected ?? []) {
          const message = byOffset.get(r.event.message.offset);
          if (message) await this.toDlq(topic, message, new RejectedEvent(r.reason), attempt);
        }
        kafkaMessagesConsumed.inc(
          { topic, group: this.opts.groupId, outcome: 'processed' },
          outcome.handled - (outcome.rejected?.length ?? 0),
        );
        if (outcome.duplicates) kafkaMessagesConsumed.inc({ topic, group: this.opts.groupId, outcome: 'duplicate' }, outcome.duplicates);
        return;
      } catch (err) {
        const transient = isTransientError(err);
        if (attempt >= maxAttempts && !transient) {
          this.logger.warn({ err, topic, partition, events: events.length }, 'batch keeps failing; handling its events one by one');
          for (const e of events) {
            const message = byOffset.get(e.message.offset);
            if (message) await this.handle(topic, partition, message, heartbeat);
          }
          return;
        }
        this.logger.warn({ err, topic, partition, attempt, transient }, 'batch handler failed; retrying');
        const delay = transient ? Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)) : delays[Math.min(attempt - 1, delays.length - 1)];
        await new Promise((r) => setTimeout(r, delay));
        await heartbeat();
      }
    }
  }

  /** A batch topic's handler applied to one event (a batch taken apart). */
  private singleFromBatch(topic: string): EventHandler | undefined {
    const batch = this.opts.batchHandlers?.[topic];
    if (!batch) return undefined;
    return async (event, { manager, message }) => {
      const result = await batch([{ event, message }], { manager });
      const refused = result?.rejected?.[0];
      if (refused) throw new RejectedEvent(refused.reason);
      // afterCommit is not run here (the transaction is still open): it only saves work a later batch redoes.
    };
  }

  private parse(message: KafkaMessage, topic: string): CloudEvent {
    if (!message.value) throw new PoisonMessage('empty message');
    let value: unknown;
    try {
      value = JSON.parse(message.value.toString('utf8'));
    } catch {
      throw new PoisonMessage('message is not JSON');
    }
    if (!isCloudEvent(value)) throw new PoisonMessage('message is not a CloudEvents 1.0 envelope with id, type and tenantid');
    const invalid = this.opts.validators?.[topic]?.(value);
    if (invalid) throw new PoisonMessage(invalid);
    return value;
  }

  private async toDlq(topic: string, message: KafkaMessage, err: Error, attempts: number): Promise<void> {
    kafkaMessagesConsumed.inc({ topic, group: this.opts.groupId, outcome: 'dlq' });
    this.logger.error({ topic, offset: message.offset, attempts, error: err.message }, 'message sent to DLQ');
    await this.dlqProducer.send({
      topic: dlqTopic(topic),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            'dlq-error': err.message.slice(0, 1_000),
            'dlq-error-kind': err instanceof PoisonMessage ? 'poison' : err instanceof RejectedEvent ? 'rejected' : 'handler',
            'dlq-consumer-group': this.opts.groupId,
            'dlq-original-topic': topic,
            'dlq-original-offset': message.offset,
            'dlq-attempts': String(attempts),
            'dlq-at': new Date().toISOString(),
          },
        },
      ],
    });
  }
}
