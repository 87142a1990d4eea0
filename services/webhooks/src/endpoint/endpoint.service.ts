import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WebhookErrors } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { type FieldError, invalidRequest, SecretBox } from '@looma-hub/platform';
import { DataSource } from 'typeorm';
import { DELIVERY_SETTINGS, type DeliverySettings } from '../config';
import { DeliveryAttemptEntity, DeliveryEntity } from '../delivery/delivery.entity';
import { notifyDeliveriesDue } from '../delivery/delivery.channel';
import { isPrivateAddress } from '../delivery/domain/target-address';
import { customHeaderErrors, generateWebhookSecret, webhookSecretErrors } from './domain/endpoint-input';
import { eventFilterErrors } from './domain/event-filter';
import type { CreatedEndpointView, CreateEndpointDto, EndpointView, UpdateEndpointDto } from './dto/endpoint.dto';
import { EndpointEntity } from './endpoint.entity';

@Injectable()
export class EndpointService {
  private readonly logger = new Logger(EndpointService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
  ) {}

  async create(tenantId: string, input: CreateEndpointDto): Promise<CreatedEndpointView> {
    this.check([
      ...this.urlErrors(input.url),
      ...(input.secret !== undefined ? webhookSecretErrors(input.secret) : []),
      ...(input.headers !== undefined ? customHeaderErrors(input.headers) : []),
      ...(input.events !== undefined ? eventFilterErrors(input.events) : []),
    ]);
    const secret = input.secret ?? generateWebhookSecret();
    const row = this.dataSource.getRepository(EndpointEntity).create({
      id: randomUUID(),
      tenantId,
      url: input.url,
      description: input.description ?? null,
      secretSealed: this.secrets.seal(secret),
      customHeaders: this.sealHeaders(input.headers ?? {}),
      eventTypes: input.events?.length ? input.events : null,
      enabled: true,
      consecutiveFailures: 0,
      consecutiveDead: 0,
      failingSince: null,
      disabledAt: null,
      disabledReason: null,
    });
    const saved = await this.dataSource.getRepository(EndpointEntity).save(row);
    this.logger.log({ tenantId, endpointId: saved.id }, 'webhook endpoint created');
    return { ...toView(saved), secret };
  }

  async list(tenantId: string): Promise<EndpointView[]> {
    const rows = await this.dataSource.getRepository(EndpointEntity).find({ where: { tenantId }, order: { createdAt: 'ASC' } });
    return rows.map(toView);
  }

  async get(tenantId: string, id: string): Promise<EndpointView> {
    return toView(await this.find(tenantId, id));
  }

  async update(tenantId: string, id: string, input: UpdateEndpointDto): Promise<EndpointView> {
    this.check([
      ...(input.url !== undefined ? this.urlErrors(input.url) : []),
      ...(input.headers !== undefined ? customHeaderErrors(input.headers) : []),
      ...(input.events ? eventFilterErrors(input.events) : []),
    ]);
    return this.dataSource.transaction(async (m) => {
      const row = await m.findOne(EndpointEntity, { where: { tenantId, id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new DomainError(WebhookErrors.EndpointNotFound, `endpoint ${id} was not found`);
      if (input.url !== undefined) row.url = input.url;
      if (input.events !== undefined) row.eventTypes = input.events?.length ? input.events : null;
      if (input.headers !== undefined) row.customHeaders = this.sealHeaders(input.headers);
      if (input.description !== undefined) row.description = input.description;
      if (input.enabled === true && !row.enabled) {
        // A fresh start: the failures that disabled it are history (the delivery log keeps them).
        Object.assign(row, {
          enabled: true,
          disabledAt: null,
          disabledReason: null,
          consecutiveFailures: 0,
          consecutiveDead: 0,
          failingSince: null,
        });
      } else if (input.enabled === false && row.enabled) {
        Object.assign(row, { enabled: false, disabledAt: new Date(), disabledReason: 'disabled through the API' });
      }
      const saved = await m.save(row);
      if (input.enabled === true) await notifyDeliveriesDue(m);
      this.logger.log({ tenantId, endpointId: id, enabled: saved.enabled }, 'webhook endpoint updated');
      return toView(saved);
    });
  }

  /** Removes the endpoint with its deliveries and their attempts; an in-flight attempt finds nothing to record. */
  async remove(tenantId: string, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const res = await m.delete(EndpointEntity, { tenantId, id });
      if (!res.affected) throw new DomainError(WebhookErrors.EndpointNotFound, `endpoint ${id} was not found`);
      await m
        .createQueryBuilder()
        .delete()
        .from(DeliveryAttemptEntity)
        .where(
          'tenant_id = :tenantId AND delivery_id IN (SELECT id FROM "webhooks"."delivery" WHERE tenant_id = :tenantId AND endpoint_id = :id)',
          {
            tenantId,
            id,
          },
        )
        .execute();
      await m.delete(DeliveryEntity, { tenantId, endpointId: id });
    });
    this.logger.log({ tenantId, endpointId: id }, 'webhook endpoint deleted');
  }

  private async find(tenantId: string, id: string): Promise<EndpointEntity> {
    const row = await this.dataSource.getRepository(EndpointEntity).findOneBy({ tenantId, id });
    if (!row) throw new DomainError(WebhookErrors.EndpointNotFound, `endpoint ${id} was not found`);
    return row;
  }

  private sealHeaders(headers: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, this.secrets.seal(value)]));
  }

  private urlErrors(url: string): FieldError[] {
    if (this.settings.allowPrivateTargets) return [];
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host))) {
      return [{ field: 'url', message: 'must be a public address (loopback and private networks are not allowed)' }];
    }
    return [];
  }

  private check(errors: FieldError[]): void {
    if (errors.length) throw invalidRequest(errors);
  }
}

function toView(e: EndpointEntity): EndpointView {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: e.eventTypes,
    headers: Object.keys(e.customHeaders).sort(),
    enabled: e.enabled,
    consecutiveFailures: e.consecutiveFailures,
    consecutiveDead: e.consecutiveDead,
    failingSince: e.failingSince?.toISOString() ?? null,
    disabledAt: e.disabledAt?.toISOString() ?? null,
    disabledReason: e.disabledReason,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}
