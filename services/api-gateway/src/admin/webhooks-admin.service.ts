import { Inject, Injectable } from '@nestjs/common';
import type { InternalClient } from '@looma-hub/platform';
import { WEBHOOKS_API } from '../common/internal-clients';
import { TenantService } from '../tenant/tenant.service';
import type {
  RotateWebhookSecretDto,
  UpdateWebhookEndpointDto,
  WebhookBulkReplayDto,
  WebhookDeliveryQueryDto,
  WebhookEndpointDto,
  WebhookEndpointQueryDto,
} from './webhooks-admin.dto';

export interface TenantWebhookSettings {
  tenantId: string;
  developmentMode: boolean;
  updatedAt: string | null;
}

/**
 * A tenant's webhooks for operators: endpoints, the delivery log, replays, dead letters and the tenant's development
 * mode. The webhooks service owns all of it and checks every rule; the gateway checks the tenant (a tenant being
 * deleted takes no changes) and relays, the service's problems passing through.
 */
@Injectable()
export class WebhooksAdminService {
  constructor(
    private readonly tenants: TenantService,
    @Inject(WEBHOOKS_API) private readonly webhooks: InternalClient,
  ) {}

  async createEndpoint(tenantId: string, dto: WebhookEndpointDto) {
    await this.tenants.getChangeableTenant(tenantId);
    return this.webhooks.post<unknown>(`${base(tenantId)}/endpoints`, dto);
  }

  async listEndpoints(tenantId: string, query: WebhookEndpointQueryDto) {
    await this.tenants.getTenant(tenantId);
    return this.webhooks.get<unknown>(`${base(tenantId)}/endpoints`, { enabled: query.enabled });
  }

  async getEndpoint(tenantId: string, id: string) {
    await this.tenants.getTenant(tenantId);
    return this.webhooks.get<unknown>(endpoint(tenantId, id));
  }

  async updateEndpoint(tenantId: string, id: string, dto: UpdateWebhookEndpointDto) {
    await this.tenants.getChangeableTenant(tenantId);
    return this.webhooks.patch<unknown>(endpoint(tenantId, id), dto);
  }

  async deleteEndpoint(tenantId: string, id: string): Promise<void> {
    await this.tenants.getChangeableTenant(tenantId);
    await this.webhooks.delete<unknown>(endpoint(tenantId, id));
  }

  async rotateSecret(tenantId: string, id: string, dto: RotateWebhookSecretDto) {
    await this.tenants.getChangeableTenant(tenantId);
    return this.webhooks.post<unknown>(`${endpoint(tenantId, id)}/rotate-secret`, dto);
  }

  async deliveries(tenantId: string, query: WebhookDeliveryQueryDto) {
    await this.tenants.getTenant(tenantId);
    return this.webhooks.get<unknown>(`${base(tenantId)}/deliveries`, { ...query });
  }

  async delivery(tenantId: string, id: string) {
    await this.tenants.getTenant(tenantId);
    return this.webhooks.get<unknown>(`${base(tenantId)}/deliveries/${encodeURIComponent(id)}`);
  }

  async replay(tenantId: string, id: string) {
    await this.tenants.getChangeableTenant(tenantId);
    return this.webhooks.post<unknown>(`${base(tenantId)}/deliveries/${encodeURIComponent(id)}/replay`);
  }

  async replayFailed(tenantId: string, dto: WebhookBulkReplayDto) {
    await this.tenants.getChangeableTenant(tenantId);
    return this.webhooks.post<unknown>(`${base(tenantId)}/deliveries/replay`, dto);
  }

  async deadLetters(tenantId: string, query: WebhookDeliveryQueryDto) {
    await this.tenants.getTenant(tenantId);
    return this.webhooks.get<unknown>(`${base(tenantId)}/dead-letters`, { ...query });
  }

  /** Development mode: the tenant's endpoints may point at loopback and private networks (the simulators). */
  async putSettings(tenantId: string, settings: { developmentMode: boolean }): Promise<TenantWebhookSettings> {
    return this.webhooks.put<TenantWebhookSettings>(`${base(tenantId)}/settings`, settings);
  }
}

const base = (tenantId: string) => `/internal/tenants/${encodeURIComponent(tenantId)}`;
const endpoint = (tenantId: string, id: string) => `${base(tenantId)}/endpoints/${encodeURIComponent(id)}`;
