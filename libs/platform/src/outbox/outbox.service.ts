import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '@looma-hub/contracts';
import type { EntityManager } from 'typeorm';
import { currentContext } from '../logging/context';

export interface OutboxEventInput<T> {
  topic: string;
  tenantId: string;
  /** Kafka key; ordering is guaranteed per key. Use `eventKey(tenantId, aggregateId)`. */
  key: string;
  subject?: string;
  data: T;
}

export function outboxChannel(schema: string): string {
  return `outbox_${schema.replace(/\W/g, '_')}`;
}

/** Writes events to the service's outbox inside the caller's transaction. */
export class OutboxWriter {
  constructor(
    private readonly schema: string,
    private readonly source: string,
  ) {}

  async enqueue<T>(manager: EntityManager, input: OutboxEventInput<T>): Promise<CloudEvent<T>> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.enqueue must run inside a transaction with the state change it describes');
    }
    const correlationId = currentContext()?.correlationId;
    const event: CloudEvent<T> = {
      specversion: '1.0',
      id: randomUUID(),
      source: this.source,
      type: input.topic,
      ...(input.subject ? { subject: input.subject } : {}),
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      tenantid: input.tenantId,
      ...(correlationId ? { correlationid: correlationId } : {}),
      data: input.data,
    };
    await manager.query(
      `INSERT INTO "${this.schema}"."outbox" (id, tenant_id, topic, message_key, payload, headers) VALUES ($1, $2, $3, $4, $5, $6)`,
      [event.id, input.tenantId, input.topic, input.key, JSON.stringify(event), JSON.stringify({ 'ce-type': input.topic })],
    );
    // Delivered on commit: wakes the relay at once instead of waiting for its next poll.
    await manager.query('SELECT pg_notify($1, $2)', [outboxChannel(this.schema), '']);
    return event;
  }
}
