import { Inject, Injectable } from '@nestjs/common';
import type { InternalClient } from '@looma-hub/platform';
import { CATALOG_API, ORDERS_API, WEBHOOKS_API } from '../common/internal-clients';
import { TenantService } from '../tenant/tenant.service';
import type { CreateTenantDto, RetailerConnectionDto, WebhookEndpointDto } from './admin.dto';

const t = (tenantId: string) => `/internal/tenants/${encodeURIComponent(tenantId)}`;

/** Tenant administration: the gateway keeps tenants and keys; each partner setting goes to the service that uses it. */
@Injectable()
export class AdminService {
  constructor(
    private readonly tenants: TenantService,
    @Inject(ORDERS_API) private readonly orders: InternalClient,
    @Inject(CATALOG_API) private readonly catalog: InternalClient,
    @Inject(WEBHOOKS_API) private readonly webhooks: InternalClient,
  ) {}

  /**
   * All or nothing: if a partner setting cannot be stored (a service is down), the tenant and its key are
   * removed again, so the caller can simply retry — the key is only ever shown in a successful answer.
   */
  async createTenant(dto: CreateTenantDto) {
    const tenant = await this.tenants.createTenant({ ...(dto.id ? { id: dto.id } : {}), name: dto.name });
    try {
      const apiKey = await this.tenants.createApiKey(tenant.id, 'default');
      const retailer = dto.retailer ? await this.connectRetailer(tenant.id, dto.retailer) : null;
      const webhooks = [];
      for (const w of dto.webhooks ?? []) webhooks.push(await this.addWebhookEndpoint(tenant.id, w));
      return { tenant: { id: tenant.id, name: tenant.name, createdAt: tenant.createdAt }, apiKey, retailer, webhooks };
    } catch (err) {
      await this.tenants.deleteTenant(tenant.id);
      throw err;
    }
  }

  /** Orders registers sales there; catalog-sync pulls the catalog (and schedules its syncs) from there. */
  async connectRetailer(tenantId: string, dto: RetailerConnectionDto) {
    await this.tenants.getTenant(tenantId);
    const body = { baseUrl: dto.baseUrl, token: dto.token, ...(dto.timeoutMs ? { timeoutMs: dto.timeoutMs } : {}) };
    const orders = await this.orders.put<unknown>(`${t(tenantId)}/retailer-connection`, body);
    const catalog = await this.catalog.put<unknown>(`${t(tenantId)}/retailer-connection`, body);
    return { orders, catalog };
  }

  async addWebhookEndpoint(tenantId: string, dto: WebhookEndpointDto) {
    await this.tenants.getTenant(tenantId);
    return this.webhooks.post<unknown>(`${t(tenantId)}/endpoints`, dto);
  }

  async listWebhookEndpoints(tenantId: string) {
    await this.tenants.getTenant(tenantId);
    return this.webhooks.get<unknown>(`${t(tenantId)}/endpoints`);
  }

  async listWebhookDeliveries(tenantId: string, query: Record<string, string | undefined>) {
    return this.webhooks.get<unknown>(`${t(tenantId)}/deliveries`, query);
  }

  async syncCatalog(tenantId: string, mode: 'full' | 'incremental') {
    await this.tenants.getTenant(tenantId);
    return this.catalog.post<unknown>(`${t(tenantId)}/sync`, { mode });
  }
}
