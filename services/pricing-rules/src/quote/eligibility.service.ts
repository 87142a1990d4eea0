import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PartnerError } from '@looma-hub/connectors';
import { PricingErrors } from '@looma-hub/contracts';
import { DomainError, maskDocument } from '@looma-hub/domain';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { PRICING_CONFIG, type ServiceConfig } from '../config';
import type { CustomerContext } from '../domain/engine-types';
import { normalizeName } from '../domain/normalize';
import { RetailerConnectionService } from '../retailer/retailer-connection.service';
import { PricingSettingsEntity } from '../rule/pricing-rule.entity';

export interface CustomerKey {
  /** CPF/CNPJ digits (already checked), or null. */
  document: string | null;
  /** E.164, or null. */
  phone: string | null;
}

export interface PricingSettings {
  eligibilitySource: 'retailer' | 'none';
  eligibilityTtlMs: number;
  syncIntervalMinutes: number | null;
}

/** An unavailable check is asked again after this, not after the tenant's TTL: the rule should come back soon. */
const UNAVAILABLE_TTL_MS = 5_000;

/**
 * Whether a customer qualifies for registered/tier/segment rules, asked of the source the tenant configured and
 * cached per tenant and customer for the tenant's TTL. A check that fails or times out is not an error for the
 * quote: the customer counts as `unavailable`, the rules that need it do not apply, and the quote says why.
 *
 * The loyalty program as a source arrives with the loyalty service (it owns the program's tokens); until then only
 * the retailer's eligibility endpoint can be configured.
 */
@Injectable()
export class EligibilityService {
  private readonly logger = new Logger(EligibilityService.name);
  private readonly answers = new LRUCache<string, { customer: CustomerContext }>({ max: 50_000 });
  private readonly settingsCache = new LRUCache<string, PricingSettings>({ max: 10_000, ttl: 5_000 });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PRICING_CONFIG) private readonly config: Pick<ServiceConfig, 'PRICING_ELIGIBILITY_TTL_MS' | 'PRICING_UPSTREAM_TIMEOUT_MS'>,
    private readonly retailer: RetailerConnectionService,
  ) {}

  async settings(tenantId: string): Promise<PricingSettings> {
    const cached = this.settingsCache.get(tenantId);
    if (cached) return cached;
    const row = await this.dataSource.getRepository(PricingSettingsEntity).findOneBy({ tenantId });
    const settings: PricingSettings = row
      ? { eligibilitySource: row.eligibilitySource, eligibilityTtlMs: row.eligibilityTtlMs, syncIntervalMinutes: row.syncIntervalMinutes }
      : { eligibilitySource: 'retailer', eligibilityTtlMs: this.config.PRICING_ELIGIBILITY_TTL_MS, syncIntervalMinutes: null };
    this.settingsCache.set(tenantId, settings);
    return settings;
  }

  async saveSettings(
    tenantId: string,
    input: { eligibilitySource: string; eligibilityTtlMs?: number; syncIntervalMinutes?: number | null },
  ) {
    if (input.eligibilitySource !== 'retailer' && input.eligibilitySource !== 'none') {
      throw new DomainError(
        PricingErrors.EligibilitySourceUnavailable,
        `eligibility source ${input.eligibilitySource} is not available: the loyalty program answers for eligibility once the loyalty service holds the tenant's program tokens`,
        { field: 'eligibilitySource' },
      );
    }
    const current = await this.settings(tenantId);
    const next: PricingSettings = {
      eligibilitySource: input.eligibilitySource,
      eligibilityTtlMs: input.eligibilityTtlMs ?? current.eligibilityTtlMs,
      syncIntervalMinutes: input.syncIntervalMinutes === undefined ? current.syncIntervalMinutes : input.syncIntervalMinutes,
    };
    await this.dataSource.getRepository(PricingSettingsEntity).save({ tenantId, ...next });
    this.settingsCache.delete(tenantId);
    this.dropTenant(tenantId);
    return next;
  }

  /** The customer as the engine sees it; `anonymous` when no document or phone was given. */
  async customer(tenantId: string, key: CustomerKey | null): Promise<CustomerContext> {
    if (!key || (key.document === null && key.phone === null)) return { status: 'anonymous' };
    const settings = await this.settings(tenantId);
    if (settings.eligibilitySource === 'none') return { status: 'known', registered: false, tier: null, segments: [] };
    const cacheKey = `${tenantId}\u0000${key.document ?? ''}\u0000${key.phone ?? ''}`;
    const hit = this.answers.get(cacheKey);
    if (hit) return hit.customer;
    const customer = await this.ask(tenantId, key);
    this.answers.set(cacheKey, { customer }, { ttl: customer.status === 'unavailable' ? UNAVAILABLE_TTL_MS : settings.eligibilityTtlMs });
    return customer;
  }

  dropTenant(tenantId: string): void {
    for (const k of this.answers.keys()) if (k.startsWith(`${tenantId}\u0000`)) this.answers.delete(k);
  }

  private async ask(tenantId: string, key: CustomerKey): Promise<CustomerContext> {
    try {
      const answer = await this.retailer.withClient(
        tenantId,
        (c) => c.eligibility({ ...(key.document ? { document: key.document } : {}), ...(key.phone ? { phone: key.phone } : {}) }),
        this.config.PRICING_UPSTREAM_TIMEOUT_MS,
      );
      return {
        status: 'known',
        registered: answer.registered,
        tier: answer.tier === null ? null : normalizeName(answer.tier),
        segments: answer.segments.map(normalizeName),
      };
    } catch (err) {
      const reason = err instanceof PartnerError ? err.reason : err instanceof DomainError ? err.code : 'error';
      this.logger.warn(
        { tenantId, customer: key.document ? maskDocument(key.document) : 'phone', reason },
        'eligibility check unavailable',
      );
      return { status: 'unavailable', message: `the retailer's eligibility check did not answer (${reason})` };
    }
  }
}
