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

export interface IdempotentConsumerOptions {
  groupId: string;
  /** Topic → handler. */
  handlers: Record<string, EventHandler>;
  /** The service schema holding `processed_message`. */
  schema: string;
  /** Attempts before a message goes to `<topic>.dlq`. */
  maxAttempts?: number;
  retryDelaysMs?: number[];
  fromBeginning?: boolean;
}

class PoisonMessage extends Error {}

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
    await consumer.subscribe({ topics: Object.keys(this.opts.handlers), fromBeginning: this.opts.fromBeginning ?? true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        await this.handle(topic, partition, message, heartbeat);
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
      event = this.parse(message);
    } catch (err) {
      await this.toDlq(topic, message, err as Error, 0);
      return;
    }
    const handler = this.opts.handlers[topic];
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
        if (attempt >= maxAttempts && !transient) {
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

  private parse(message: KafkaMessage): CloudEvent {
    if (!message.value) throw new PoisonMessage('empty message');
    let value: unknown;
    try {
      value = JSON.parse(message.value.toString('utf8'));
    } catch {
      throw new PoisonMessage('message is not JSON');
    }
    if (!isCloudEvent(value)) throw new PoisonMessage('message is not a CloudEvents 1.0 envelope with id, type and tenantid');
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
            'dlq-error-kind': err instanceof PoisonMessage ? 'poison' : 'handler',
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
