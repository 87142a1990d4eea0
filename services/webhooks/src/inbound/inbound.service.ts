import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  dlqTopic,
  eventKey,
  type InboundSourceInput,
  type InboundSourceView,
  inboundTopic,
  type InboundWebhookReceivedV1,
  WebhookErrors,
} from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import {
  ensureTopics,
  InfraErrors,
  infrastructureOutage,
  invalidRequest,
  KAFKA_ADMIN,
  KAFKA_PRODUCER,
  OutboxWriter,
  publishOutboxRowNow,
  SecretBox,
} from '@looma-hub/platform';
import type { Admin, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { WEBHOOKS_SCHEMA } from '../database/data-source';
import { generateWebhookSecret, webhookSecretErrors } from '../endpoint/domain/endpoint-input';
import { type InboundHeaders, type VerificationScheme, verifyInbound } from './domain/verify-inbound';
import { parseInboundBody } from './inbound-body';
import { InboundEventEntity, InboundSourceEntity } from './inbound.entity';

export interface InboundAccepted {
  id: string;
  status: 'accepted' | 'duplicate';
}

/**
 * Longest wait for Kafka's acknowledgement before the answer: a partner's own timeout is usually 10–30 s, and the
 * producer's retries against a broker that is gone take far longer. Past it the webhook is stored, the answer is a
 * 503, and the relay publishes it later.
 */
const PUBLISH_TIMEOUT_MS = 5_000;

@Injectable()
export class InboundService implements OnApplicationBootstrap {
  private readonly logger = new Logger(InboundService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    private readonly outbox: OutboxWriter,
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
  ) {}

  /** The topics of the sources already configured (a broker that lost them, a fresh environment on old data). */
  async onApplicationBootstrap(): Promise<void> {
    const rows = (await this.dataSource.query(`SELECT DISTINCT source FROM "${WEBHOOKS_SCHEMA}"."inbound_source"`)) as { source: string }[];
    if (rows.length)
      await ensureTopics(
        this.admin,
        rows.flatMap((r) => [inboundTopic(r.source), dlqTopic(inboundTopic(r.source))]),
      );
  }

  /**
   * Sets how a source signs and with which secret; a Standard Webhooks secret is generated when none is given (and
   * answered only then). Its topic (and DLQ) is created first, so a configured source can always publish.
   */
  async putSource(tenantId: string, source: string, input: InboundSourceInput): Promise<InboundSourceView> {
    let secret: string;
    let generated = false;
    if (input.scheme === 'standard-webhooks') {
      if (input.secret !== undefined) {
        const errors = webhookSecretErrors(input.secret);
        if (errors.length) throw invalidRequest(errors);
      }
      secret = input.secret ?? generateWebhookSecret();
      generated = input.secret === undefined;
    } else {
      secret = input.secret;
    }
    const { scheme, secret: _secret, ...options } = input;
    await ensureTopics(this.admin, [inboundTopic(source), dlqTopic(inboundTopic(source))]);
    const repo = this.dataSource.getRepository(InboundSourceEntity);
    await repo.upsert({ tenantId, source, scheme, options, secretSealed: this.secrets.seal(secret), updatedAt: new Date() }, [
      'tenantId',
      'source',
    ]);
    this.logger.log({ tenantId, source, scheme }, 'inbound source set');
    const row = await repo.findOneByOrFail({ tenantId, source });
    return { ...viewOf(row), ...(generated ? { secret } : {}) };
  }

  async listSources(tenantId: string): Promise<InboundSourceView[]> {
    const rows = await this.dataSource.getRepository(InboundSourceEntity).find({ where: { tenantId }, order: { source: 'ASC' } });
    return rows.map(viewOf);
  }

  async getSource(tenantId: string, source: string): Promise<InboundSourceView> {
    return viewOf(await this.sourceRow(tenantId, source));
  }

  /**
   * Verifies a partner's webhook over its exact bytes, records it (dedupe row and outbox event in one transaction),
   * then publishes that event to Kafka and waits for the acknowledgement — so a 202 means it is on Kafka. With Kafka
   * away the answer is a 503 and the stored event goes out with the relay; a retry of the same id is a `duplicate`
   * that first tries to publish it again. A 4xx writes and publishes nothing.
   */
  async receive(tenantId: string, source: string, rawBody: Buffer, headers: InboundHeaders): Promise<InboundAccepted> {
    const row = await this.sourceRow(tenantId, source);
    const verified = verifyInbound(schemeOf(row), this.secrets.open(row.secretSealed), rawBody, headers);
    if (!verified.ok) {
      this.logger.warn({ tenantId, source, code: verified.code.code }, 'inbound webhook refused');
      throw new DomainError(verified.code, verified.detail);
    }
    const body = parseInboundBody(rawBody);
    const receivedAt = new Date();
    const recorded = await this.dataSource.transaction(async (m) => {
      const id = randomUUID();
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(InboundEventEntity)
        .values({ id, tenantId, source, externalId: verified.webhookId, sentAt: verified.sentAt, receivedAt, payload: body, eventId: null })
        .orIgnore()
        .returning(['id'])
        .execute();
      if (!(inserted.raw as unknown[]).length) {
        const existing = await m.findOneByOrFail(InboundEventEntity, { tenantId, source, externalId: verified.webhookId });
        return { id: existing.id, eventId: existing.eventId, status: 'duplicate' as const };
      }
      const data: InboundWebhookReceivedV1 = {
        tenantId,
        source,
        webhookId: verified.webhookId,
        sentAt: verified.sentAt?.toISOString() ?? null,
        receivedAt: receivedAt.toISOString(),
        type: typeof body.type === 'string' ? body.type : null,
        payload: body,
      };
      const event = await this.outbox.enqueue(m, {
        topic: inboundTopic(source),
        tenantId,
        key: eventKey(tenantId, `${source}:${verified.webhookId}`),
        subject: verified.webhookId,
        data,
      });
      await m.update(InboundEventEntity, { id }, { eventId: event.id });
      return { id, eventId: event.id, status: 'accepted' as const };
    });
    // Events accepted before they were tied to their outbox row went out with the relay long ago.
    if (recorded.eventId) await this.publish(tenantId, source, recorded.eventId);
    return { id: recorded.id, status: recorded.status };
  }

  private async publish(tenantId: string, source: string, eventId: string): Promise<void> {
    let outcome: Awaited<ReturnType<typeof publishOutboxRowNow>>;
    try {
      outcome = await publishOutboxRowNow(this.dataSource, this.producer, {
        schema: WEBHOOKS_SCHEMA,
        id: eventId,
        timeoutMs: PUBLISH_TIMEOUT_MS,
      });
    } catch (err) {
      this.logger.warn({ tenantId, source, eventId, error: (err as Error)?.message }, 'inbound webhook stored, not yet published');
      throw new DomainError(
        infrastructureOutage(err) ?? InfraErrors.KafkaUnavailable,
        'The webhook is stored but could not be published yet; it will be. Sending it again with the same id is safe.',
      );
    }
    if (outcome === 'parked') {
      throw new DomainError(
        InfraErrors.KafkaUnavailable,
        'The webhook is stored but the broker refused its event; it is published once operators re-queue it.',
      );
    }
  }

  private async sourceRow(tenantId: string, source: string): Promise<InboundSourceEntity> {
    const row = await this.dataSource.getRepository(InboundSourceEntity).findOneBy({ tenantId, source });
    if (!row) throw new DomainError(WebhookErrors.InboundSourceNotFound, `inbound source ${tenantId}/${source} was not found`);
    return row;
  }
}

function schemeOf(row: InboundSourceEntity): VerificationScheme {
  if (row.scheme !== 'hmac') return { scheme: 'standard-webhooks' };
  const o = row.options;
  if (!o.header || !o.algorithm || !o.encoding || !o.signedContent) {
    throw new Error(`inbound source ${row.tenantId}/${row.source} has incomplete hmac settings`);
  }
  return {
    scheme: 'hmac',
    header: o.header,
    algorithm: o.algorithm,
    encoding: o.encoding,
    signedContent: o.signedContent,
    ...(o.prefix ? { prefix: o.prefix } : {}),
    ...(o.timestampHeader ? { timestampHeader: o.timestampHeader } : {}),
    ...(o.idHeader ? { idHeader: o.idHeader } : {}),
  };
}

function viewOf(row: InboundSourceEntity): InboundSourceView {
  return {
    tenantId: row.tenantId,
    source: row.source,
    scheme: row.scheme,
    topic: inboundTopic(row.source),
    ...(row.scheme === 'hmac' ? row.options : {}),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
