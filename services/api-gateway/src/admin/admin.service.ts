import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ConnectionView, TenantErrors } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import type { InternalClient } from '@looma-hub/platform';
import { CATALOG_API, ORDERS_API, WEBHOOKS_API } from '../common/internal-clients';
import { TenantLifecycleService } from '../tenant/tenant-lifecycle.service';
import { TenantService } from '../tenant/tenant.service';
import type { CreateTenantDto, RetailerConnectionDto, UpdateTenantDto } from './admin.dto';
import { WebhooksAdminService } from './webhooks-admin.service';

const t = (tenantId: string) => `/internal/tenants/${encodeURIComponent(tenantId)}`;

/**
 * Tenant administration. The gateway keeps tenants and keys; each partner setting goes to its one owner: the
 * retailer connection to orders (which other services read it from), webhook endpoints and development mode to
 * webhooks.
 */
@Injectable()
export class AdminService {
  private readonly logger = new Logger(AdminService.name);

  constructor(
    private readonly tenants: TenantService,
    private readonly lifecycle: TenantLifecycleService,
    @Inject(ORDERS_API) private readonly orders: InternalClient,
    @Inject(CATALOG_API) private readonly catalog: InternalClient,
    @Inject(WEBHOOKS_API) private readonly webhooks: InternalClient,
    private readonly webhooksAdmin: WebhooksAdminService,
  ) {}

  /**
   * All or nothing. The tenant is `provisioning` (its key does not work) while its settings go to their owners; if
   * one cannot be stored, the tenant is deleted again in every service (TenantLifecycleService), and the answer is
   * the owner's own 4xx, or a 503 `tenant.provisioning-failed` when a service did not answer — the key is only ever
   * shown in a successful answer, so the caller simply retries.
   */
  async createTenant(dto: CreateTenantDto) {
    const tenant = await this.tenants.createTenant({ ...(dto.id ? { id: dto.id } : {}), name: dto.name }, 'provisioning');
    let stored = false;
    try {
      const apiKey = await this.tenants.createApiKey(tenant.id, 'default');
      const retailer = dto.retailer ? await this.putRetailer(tenant.id, dto.retailer) : null;
      stored ||= retailer !== null;
      if (dto.developmentMode) {
        // Before the endpoints: only a tenant in development mode may have them on loopback (the simulators).
        await this.webhooksAdmin.putSettings(tenant.id, { developmentMode: true });
        stored = true;
      }
      const webhooks = [];
      for (const w of dto.webhooks ?? []) {
        webhooks.push(await this.webhooks.post<unknown>(`${t(tenant.id)}/endpoints`, w));
        stored = true;
      }
      await this.tenants.activate(tenant.id);
      return {
        tenant: { id: tenant.id, name: tenant.name, createdAt: tenant.createdAt, developmentMode: dto.developmentMode ?? false },
        apiKey,
        retailer,
        webhooks,
      };
    } catch (err) {
      // The rollback may finish at once only when nothing reached a service and the refusal was a clear answer (no
      // request left in flight). Otherwise what a service stored may still set things off (a connection event
      // schedules a sync), or a request may still commit late: the sweep purges again before the id is free.
      const answered = err instanceof DomainError && err.category !== 'unavailable';
      const rollback = await this.lifecycle.delete(tenant.id, { settled: answered && !stored });
      this.logger.warn({ tenantId: tenant.id, error: (err as Error).message, rollback }, 'tenant creation rolled back');
      if (answered) throw err;
      throw new DomainError(
        TenantErrors.ProvisioningFailed,
        `tenant ${tenant.id} could not be created (${(err as Error).message}); nothing was kept, retry the same request`,
        { cause: err, details: { rollback: rollback.status } },
      );
    }
  }

  async getTenant(tenantId: string) {
    const tenant = await this.tenants.getTenant(tenantId);
    const connections = tenant.status === 'active' ? await this.orders.get<ConnectionView[]>(`${t(tenantId)}/connections`) : [];
    return {
      id: tenant.id,
      name: tenant.name,
      status: tenant.status,
      createdAt: tenant.createdAt,
      deletingSince: tenant.deletingSince,
      connections,
    };
  }

  /** Development mode lives with its one user, the webhooks service (which checks endpoint targets against it). */
  async updateTenant(tenantId: string, dto: UpdateTenantDto) {
    await this.tenants.getChangeableTenant(tenantId);
    const settings = await this.webhooksAdmin.putSettings(tenantId, { developmentMode: dto.developmentMode });
    return { id: tenantId, developmentMode: settings.developmentMode };
  }

  /** 202: the tenant's keys stopped working; every service drops its data (GET shows `deleting` until the row is gone). */
  async deleteTenant(tenantId: string) {
    const outcome = await this.lifecycle.delete(tenantId);
    return { id: tenantId, ...outcome };
  }

  /** One call, one owner: orders stores it; catalog-sync follows through the connection-changed event. */
  async connectRetailer(tenantId: string, dto: RetailerConnectionDto): Promise<ConnectionView> {
    await this.tenants.getChangeableTenant(tenantId);
    return this.putRetailer(tenantId, dto);
  }

  async syncCatalog(tenantId: string, mode: 'full' | 'incremental') {
    await this.tenants.getChangeableTenant(tenantId);
    return this.catalog.post<unknown>(`${t(tenantId)}/sync`, { mode });
  }

  private putRetailer(tenantId: string, dto: RetailerConnectionDto): Promise<ConnectionView> {
    const body = { baseUrl: dto.baseUrl, token: dto.token, ...(dto.timeoutMs ? { timeoutMs: dto.timeoutMs } : {}) };
    return this.orders.put<ConnectionView>(`${t(tenantId)}/connections/retailer`, body);
  }
}
