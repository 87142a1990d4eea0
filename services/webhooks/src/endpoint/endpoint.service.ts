import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WebhookErrors, type WebhookFormat } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { type FieldError, invalidRequest, SecretBox } from '@looma-hub/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { DELIVERY_SETTINGS, type DeliverySettings } from '../config';
import { DeliveryAttemptEntity, DeliveryEntity } from '../delivery/delivery.entity';
import { notifyDeliveriesDue } from '../delivery/delivery.channel';
import { TenantSettingsService } from '../tenant/tenant-settings.service';
import { customHeaderErrors, generateWebhookSecret, webhookSecretErrors } from './domain/endpoint-input';
import { DEFAULT_WEBHOOK_FORMAT, formatFilterErrors, formatOptionsErrors, isWebhookFormat } from './domain/endpoint-format';
import { eventFilterErrors } from './domain/event-filter';
import { headerValueHint, secretHint } from './domain/masking';
import { previousValidForMs, rotateSecret } from './domain/secret-rotation';
import { privateTargetErrors, resolveHost } from './domain/target-host';
import type { CreatedEndpointView, CreateEndpointDto, EndpointView, RotateSecretDto, UpdateEndpointDto } from './dto/endpoint.dto';
import { EndpointEntity } from './endpoint.entity';

@Injectable()
export class EndpointService {
  private readonly logger = new Logger(EndpointService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
    private readonly tenantSettings: TenantSettingsService,
  ) {}

  /** The answer carries `secret` only when the hub generated it; a secret the tenant gave is never echoed. */
  async create(tenantId: string, input: CreateEndpointDto): Promise<EndpointView | CreatedEndpointView> {
    const format = input.format ?? DEFAULT_WEBHOOK_FORMAT;
    const options = input.options ?? {};
    this.check([
      ...(input.secret !== undefined ? webhookSecretErrors(input.secret) : []),
      ...(input.headers !== undefined ? customHeaderErrors(input.headers) : []),
      ...(input.events !== undefined ? eventFilterErrors(input.events) : []),
      ...formatOptionsErrors(format, options),
      ...formatFilterErrors(format, input.events),
      ...(await this.urlErrors(tenantId, input.url)),
    ]);
    const secret = input.secret ?? generateWebhookSecret();
    const enabled = input.enabled ?? true;
    const row = this.dataSource.getRepository(EndpointEntity).create({
      id: randomUUID(),
      tenantId,
      url: input.url,
      description: input.description ?? null,
      secretSealed: this.secrets.seal(secret),
      previousSecretSealed: null,
      previousSecretExpiresAt: null,
      format,
      options,
      customHeaders: this.sealHeaders(input.headers ?? {}),
      eventTypes: input.events?.length ? input.events : null,
      enabled,
      consecutiveFailures: 0,
      consecutiveDead: 0,
      failingSince: null,
      lastSuccessAt: null,
      pausedUntil: null,
      disabledAt: enabled ? null : new Date(),
      disabledReason: enabled ? null : 'created disabled',
    });
    const saved = await this.dataSource.getRepository(EndpointEntity).save(row);
    this.logger.log({ tenantId, endpointId: saved.id, format }, 'webhook endpoint created');
    const view = this.toView(saved);
    return input.secret === undefined ? { ...view, secret } : view;
  }

  async list(tenantId: string, filter: { enabled?: boolean } = {}): Promise<EndpointView[]> {
    const rows = await this.dataSource.getRepository(EndpointEntity).find({
      where: { tenantId, ...(filter.enabled !== undefined ? { enabled: filter.enabled } : {}) },
      order: { createdAt: 'ASC' },
    });
    return rows.map((r) => this.toView(r));
  }

  async get(tenantId: string, id: string): Promise<EndpointView> {
    return this.toView(await this.find(tenantId, id));
  }

  async update(tenantId: string, id: string, input: UpdateEndpointDto): Promise<EndpointView> {
    // Checked before the row is locked: the DNS lookup may take a while.
    this.check([
      ...(input.headers !== undefined ? customHeaderErrors(input.headers) : []),
      ...(input.events ? eventFilterErrors(input.events) : []),
      ...(input.url !== undefined ? await this.urlErrors(tenantId, input.url) : []),
    ]);
    return this.dataSource.transaction(async (m) => {
      const row = await this.lockedRow(m, tenantId, id);
      // Format, options and filter are checked together, as they will be: a new format starts from no options.
      const format: WebhookFormat = input.format ?? (isWebhookFormat(row.format) ? row.format : DEFAULT_WEBHOOK_FORMAT);
      const options = input.options ?? (input.format !== undefined && input.format !== row.format ? {} : row.options);
      const events = input.events !== undefined ? input.events : row.eventTypes;
      this.check([...formatOptionsErrors(format, options), ...formatFilterErrors(format, events)]);
      row.format = format;
      row.options = options;
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
      this.logger.log({ tenantId, endpointId: id, enabled: saved.enabled, format }, 'webhook endpoint updated');
      return this.toView(saved);
    });
  }

  /**
   * The current secret becomes the previous one, signing beside the new one until `previousValidFor` has passed (the
   * dispatcher signs with both meanwhile), so receivers can switch at their pace. `secret` in the answer only when the
   * hub generated the new one.
   */
  async rotateSecret(tenantId: string, id: string, input: RotateSecretDto): Promise<EndpointView | CreatedEndpointView> {
    const window = previousValidForMs(input.previousValidFor);
    this.check([...(input.secret !== undefined ? webhookSecretErrors(input.secret) : []), ...('error' in window ? [window.error] : [])]);
    const windowMs = 'ms' in window ? window.ms : 0;
    const next = input.secret ?? generateWebhookSecret();
    return this.dataSource.transaction(async (m) => {
      const row = await this.lockedRow(m, tenantId, id);
      const now = new Date();
      const state = rotateSecret(
        {
          current: this.secrets.open(row.secretSealed),
          previous: this.livePrevious(row, now) ? this.secrets.open(row.previousSecretSealed ?? '') : null,
          previousExpiresAt: row.previousSecretExpiresAt,
        },
        next,
        windowMs,
        now,
      );
      row.secretSealed = this.secrets.seal(state.current);
      row.previousSecretSealed = state.previous === null ? null : this.secrets.seal(state.previous);
      row.previousSecretExpiresAt = state.previousExpiresAt;
      const saved = await m.save(row);
      this.logger.log(
        { tenantId, endpointId: id, previousSecretExpiresAt: state.previousExpiresAt?.toISOString() ?? null },
        'webhook endpoint secret rotated',
      );
      const view = this.toView(saved);
      return input.secret === undefined ? { ...view, secret: next } : view;
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

  private async lockedRow(m: EntityManager, tenantId: string, id: string): Promise<EndpointEntity> {
    const row = await m.findOne(EndpointEntity, { where: { tenantId, id }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw new DomainError(WebhookErrors.EndpointNotFound, `endpoint ${id} was not found`);
    return row;
  }

  private sealHeaders(headers: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, this.secrets.seal(value)]));
  }

  /** Loopback/private/link-local targets only for a tenant in development mode, or with the service-wide override. */
  private async urlErrors(tenantId: string, url: string): Promise<FieldError[]> {
    if (this.settings.allowPrivateTargets || (await this.tenantSettings.developmentMode(tenantId))) return [];
    return privateTargetErrors(url, resolveHost);
  }

  private check(errors: FieldError[]): void {
    if (errors.length) throw invalidRequest(errors);
  }

  private livePrevious(e: EndpointEntity, now: Date): boolean {
    return !!e.previousSecretSealed && !!e.previousSecretExpiresAt && e.previousSecretExpiresAt > now;
  }

  private toView(e: EndpointEntity): EndpointView {
    return {
      id: e.id,
      url: e.url,
      description: e.description,
      format: isWebhookFormat(e.format) ? e.format : DEFAULT_WEBHOOK_FORMAT,
      options: e.options,
      events: e.eventTypes,
      headers: Object.keys(e.customHeaders)
        .sort()
        .map((name) => ({ name, valueHint: headerValueHint(this.secrets.open(e.customHeaders[name] ?? '')) })),
      secretHint: secretHint(this.secrets.open(e.secretSealed)),
      rotation: this.livePrevious(e, new Date()) ? { previousSecretExpiresAt: e.previousSecretExpiresAt?.toISOString() ?? '' } : null,
      enabled: e.enabled,
      consecutiveFailures: e.consecutiveFailures,
      consecutiveDead: e.consecutiveDead,
      failingSince: e.failingSince?.toISOString() ?? null,
      lastSuccessAt: e.lastSuccessAt?.toISOString() ?? null,
      pausedUntil: e.pausedUntil?.toISOString() ?? null,
      disabledAt: e.disabledAt?.toISOString() ?? null,
      disabledReason: e.disabledReason,
      createdAt: e.createdAt.toISOString(),
      updatedAt: e.updatedAt.toISOString(),
    };
  }
}
