import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { eventKey, type InboundWebhookReceivedV1, Topics, WebhookErrors } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { invalidRequest, OutboxWriter, SecretBox } from '@looma-hub/platform';
import { DataSource } from 'typeorm';
import { generateWebhookSecret, webhookSecretErrors } from '../endpoint/domain/endpoint-input';
import { verifyInbound } from './domain/verify-inbound';
import { InboundEventEntity, InboundSourceEntity } from './inbound.entity';

export interface InboundAccepted {
  id: string;
  status: 'accepted' | 'duplicate';
}

@Injectable()
export class InboundService {
  private readonly logger = new Logger(InboundService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Sets the secret a source signs with; generates one when none is given (returned only then). */
  async putSource(
    tenantId: string,
    source: string,
    secret: string | undefined,
  ): Promise<{ tenantId: string; source: string; secret?: string }> {
    if (secret !== undefined) {
      const errors = webhookSecretErrors(secret);
      if (errors.length) throw invalidRequest(errors);
    }
    const value = secret ?? generateWebhookSecret();
    await this.dataSource
      .getRepository(InboundSourceEntity)
      .upsert({ tenantId, source, secretSealed: this.secrets.seal(value), updatedAt: new Date() }, ['tenantId', 'source']);
    this.logger.log({ tenantId, source }, 'inbound source secret set');
    return { tenantId, source, ...(secret === undefined ? { secret: value } : {}) };
  }

  /**
   * Verifies and records a partner's webhook, then publishes it through the outbox — all before answering, in
   * one short transaction, so a 202 means it will reach Kafka. The same webhook-id again is a no-op.
   */
  async receive(
    tenantId: string,
    source: string,
    rawBody: Buffer,
    body: unknown,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<InboundAccepted> {
    const row = await this.dataSource.getRepository(InboundSourceEntity).findOneBy({ tenantId, source });
    if (!row) throw new DomainError(WebhookErrors.InboundSourceNotFound, `inbound source ${tenantId}/${source} was not found`);
    const verified = verifyInbound(this.secrets.open(row.secretSealed), rawBody, headers);
    if (!verified.ok) {
      this.logger.warn({ tenantId, source, code: verified.code.code }, 'inbound webhook refused');
      throw new DomainError(verified.code, verified.detail);
    }
    const receivedAt = new Date();
    return this.dataSource.transaction(async (m) => {
      const id = randomUUID();
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(InboundEventEntity)
        .values({ id, tenantId, source, externalId: verified.webhookId, sentAt: verified.sentAt, receivedAt, payload: body as object })
        .orIgnore()
        .returning(['id'])
        .execute();
      if (!(inserted.raw as unknown[]).length) {
        const existing = await m.findOneByOrFail(InboundEventEntity, { tenantId, source, externalId: verified.webhookId });
        return { id: existing.id, status: 'duplicate' as const };
      }
      const payloadType =
        body && typeof body === 'object' && typeof (body as { type?: unknown }).type === 'string' ? (body as { type: string }).type : null;
      const data: InboundWebhookReceivedV1 = {
        tenantId,
        source,
        webhookId: verified.webhookId,
        sentAt: verified.sentAt.toISOString(),
        receivedAt: receivedAt.toISOString(),
        type: payloadType,
        payload: body,
      };
      await this.outbox.enqueue(m, {
        topic: Topics.inboundWebhookReceived,
        tenantId,
        key: eventKey(tenantId, `${source}:${verified.webhookId}`),
        subject: verified.webhookId,
        data,
      });
      return { id, status: 'accepted' as const };
    });
  }
}
