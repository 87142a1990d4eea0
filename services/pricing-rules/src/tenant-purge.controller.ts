import { Controller, Delete, HttpCode, HttpStatus, Logger, Param, UseGuards } from '@nestjs/common';
import { InternalApiGuard, TenantIdPipe } from '@looma-hub/platform';
import { ProductPrices } from './catalog/product-prices';
import { CouponLedger } from './coupon/coupon-ledger';
import { EligibilityService } from './quote/eligibility.service';
import { RuleSets } from './rule/rule-sets';
import { RuleStore } from './rule/rule.store';
import { PricingSyncScheduler } from './sync/pricing-sync.scheduler';

/** Tenant deletion, as the gateway drives it: no schedule, no pull running, no rule, setting, coupon use or product price left. */
@Controller('internal/tenants/:tenantId')
@UseGuards(InternalApiGuard)
export class TenantPurgeController {
  private readonly logger = new Logger(TenantPurgeController.name);

  constructor(
    private readonly scheduler: PricingSyncScheduler,
    private readonly rules: RuleStore,
    private readonly ruleSets: RuleSets,
    private readonly coupons: CouponLedger,
    private readonly eligibility: EligibilityService,
    private readonly prices: ProductPrices,
  ) {}

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  async purge(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<void> {
    await this.scheduler.purgeTenant(tenantId);
    await this.rules.purgeTenant(tenantId);
    const coupons = await this.coupons.purgeTenant(tenantId);
    const products = await this.prices.purgeTenant(tenantId);
    this.ruleSets.drop(tenantId);
    this.eligibility.dropTenant(tenantId);
    this.logger.log({ tenantId, ...coupons, products }, 'tenant purged');
  }
}
