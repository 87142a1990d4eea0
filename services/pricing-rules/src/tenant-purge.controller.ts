import { Controller, Delete, HttpCode, HttpStatus, Logger, Param, UseGuards } from '@nestjs/common';
import { InternalApiGuard, TenantIdPipe } from '@looma-hub/platform';
import { CouponLedger } from './coupon/coupon-ledger';
import { EligibilityService } from './quote/eligibility.service';
import { RuleSets } from './rule/rule-sets';
import { RuleStore } from './rule/rule.store';
import { PricingSyncScheduler } from './sync/pricing-sync.scheduler';

/** Tenant deletion, as the gateway drives it: no schedule, no pull running, no rule, setting or coupon use left. */
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
  ) {}

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  async purge(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<void> {
    await this.scheduler.purgeTenant(tenantId);
    await this.rules.purgeTenant(tenantId);
    const coupons = await this.coupons.purgeTenant(tenantId);
    this.ruleSets.drop(tenantId);
    this.eligibility.dropTenant(tenantId);
    this.logger.log({ tenantId, ...coupons }, 'tenant purged');
  }
}
