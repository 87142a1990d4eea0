import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TenantErrors } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { DataSource, IsNull } from 'typeorm';
import { generateApiKey, generateTenantId, hashApiKey, hashesEqual, parseApiKey } from './api-key';
import { ApiKeyEntity, TenantEntity } from './tenant.entity';

export interface AuthenticatedTenant {
  tenantId: string;
  keyId: string;
}

const CACHE_MS = 30_000;

@Injectable()
export class TenantService {
  private readonly cache = new Map<string, { value: AuthenticatedTenant; until: number }>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts the tenant. `provisioning` (the admin API's creation, while the services store its settings) keeps its
   * keys from working until `activate`; the CLI creates tenants `active` at once.
   */
  async createTenant(input: { id?: string; name: string }, status: 'provisioning' | 'active' = 'active'): Promise<TenantEntity> {
    const id = input.id ?? generateTenantId();
    const repo = this.dataSource.getRepository(TenantEntity);
    // INSERT … ON CONFLICT DO NOTHING: two concurrent creates of one id cannot both "succeed".
    const inserted = await repo
      .createQueryBuilder()
      .insert()
      .values({ id, name: input.name, disabledAt: null, status, deletingSince: null })
      .orIgnore()
      .returning(['id'])
      .execute();
    if (!inserted.raw.length) {
      const existing = await repo.findOneBy({ id });
      if (existing?.status === 'deleting') {
        throw new DomainError(TenantErrors.Deleting, `tenant ${id} is being deleted; its id is free again once every service let go of it`);
      }
      throw new DomainError(TenantErrors.Exists, `tenant ${id} already exists`);
    }
    return repo.findOneByOrFail({ id });
  }

  /** `provisioning` → `active`; a tenant that went `deleting` meanwhile (an operator, the sweep) stays deleted. */
  async activate(id: string): Promise<void> {
    const res = await this.dataSource.getRepository(TenantEntity).update({ id, status: 'provisioning' }, { status: 'active' });
    if (!res.affected) throw new DomainError(TenantErrors.Deleting, `tenant ${id} is being deleted`);
  }

  /** Creations that never finished (the gateway died mid-way): older than `olderThanMs`, still `provisioning`. */
  async abandonProvisioning(olderThanMs: number): Promise<string[]> {
    const [rows] = (await this.dataSource.query(
      `UPDATE gateway.tenant SET status = 'deleting', deleting_since = now()
        WHERE status = 'provisioning' AND created_at < now() - make_interval(secs => $1) RETURNING id`,
      [olderThanMs / 1000],
    )) as [{ id: string }[], number];
    if (rows.length) this.cache.clear();
    return rows.map((r) => r.id);
  }

  /** Its keys stop working at once; the services' data goes next (TenantLifecycleService). */
  async markDeleting(id: string): Promise<TenantEntity> {
    const [rows] = (await this.dataSource.query(
      `UPDATE gateway.tenant SET status = 'deleting', deleting_since = COALESCE(deleting_since, now()) WHERE id = $1 RETURNING id`,
      [id],
    )) as [{ id: string }[], number];
    if (!rows.length) throw new DomainError(TenantErrors.NotFound, `tenant ${id} was not found`);
    this.cache.clear();
    return this.getTenant(id);
  }

  /** Tenants whose deletion is under way, oldest first. */
  async deleting(limit = 50): Promise<TenantEntity[]> {
    return this.dataSource
      .getRepository(TenantEntity)
      .find({ where: { status: 'deleting' }, order: { deletingSince: 'ASC' }, take: limit });
  }

  /** The last step of a deletion: the gateway's own rows (keys, stored idempotent answers, the tenant). */
  async removeDeleted(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const tenant = await m.findOne(TenantEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (tenant?.status !== 'deleting') return false;
      await m.query(`DELETE FROM gateway.idempotency_record WHERE tenant_id = $1`, [id]);
      await m.delete(ApiKeyEntity, { tenantId: id });
      await m.delete(TenantEntity, { id });
      return true;
    });
  }

  async getTenant(id: string): Promise<TenantEntity> {
    const tenant = await this.dataSource.getRepository(TenantEntity).findOneBy({ id });
    if (!tenant) throw new DomainError(TenantErrors.NotFound, `tenant ${id} was not found`);
    return tenant;
  }

  /** The tenant, unless it is being deleted (409 `tenant.deleting`): what every admin change of a tenant needs. */
  async getChangeableTenant(id: string): Promise<TenantEntity> {
    const tenant = await this.getTenant(id);
    if (tenant.status === 'deleting') throw new DomainError(TenantErrors.Deleting, `tenant ${id} is being deleted`);
    return tenant;
  }

  async listTenants(): Promise<TenantEntity[]> {
    return this.dataSource.getRepository(TenantEntity).find({ order: { createdAt: 'ASC' } });
  }

  /** Creates a key and returns it in clear — the only time it is ever shown. */
  async createApiKey(tenantId: string, name = 'default'): Promise<{ id: string; key: string; prefix: string; name: string }> {
    await this.getTenant(tenantId);
    const { key, prefix, hash } = generateApiKey();
    const id = randomUUID();
    await this.dataSource.getRepository(ApiKeyEntity).insert({ id, tenantId, prefix, hash, name, lastUsedAt: null, revokedAt: null });
    return { id, key, prefix, name };
  }

  async listApiKeys(tenantId: string): Promise<Omit<ApiKeyEntity, 'hash'>[]> {
    const keys = await this.dataSource.getRepository(ApiKeyEntity).find({ where: { tenantId }, order: { createdAt: 'ASC' } });
    return keys.map(({ hash: _hash, ...rest }) => rest);
  }

  async revokeApiKey(tenantId: string, keyId: string): Promise<void> {
    const res = await this.dataSource
      .getRepository(ApiKeyEntity)
      .update({ id: keyId, tenantId, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!res.affected) throw new DomainError(TenantErrors.ApiKeyNotFound, `API key ${keyId} was not found`);
    this.cache.clear();
  }

  /** Resolves a presented key to its tenant, or null. Constant-time hash comparison; short positive cache. */
  async authenticate(key: string): Promise<AuthenticatedTenant | null> {
    const parsed = parseApiKey(key);
    if (!parsed) return null;
    const hash = hashApiKey(key);
    const cached = this.cache.get(hash);
    if (cached && cached.until > Date.now()) return cached.value;
    const row = await this.dataSource
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('k')
      .innerJoin(TenantEntity, 't', 't.id = k.tenant_id')
      .where('k.prefix = :prefix', { prefix: parsed.prefix })
      .andWhere('k.revoked_at IS NULL')
      .andWhere('t.disabled_at IS NULL')
      .andWhere("t.status = 'active'")
      .getOne();
    if (!row || !hashesEqual(hash, row.hash)) return null;
    const value = { tenantId: row.tenantId, keyId: row.id };
    this.cache.set(hash, { value, until: Date.now() + CACHE_MS });
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
      void this.dataSource
        .getRepository(ApiKeyEntity)
        .update({ id: row.id }, { lastUsedAt: new Date() })
        .catch(() => undefined);
    }
    return value;
  }
}
