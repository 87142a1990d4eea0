import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import {
  type PricingRuleSpec,
  PricingRuleInputSchema,
  type PricingRuleView,
  type PricingSettingsInput,
  PricingSettingsSchema,
  type RuleListQuery,
  RuleListQuerySchema,
  type RulePreview,
  type RulePreviewRequest,
  RulePreviewRequestSchema,
  type StartPricingSync,
  StartPricingSyncSchema,
} from '@looma-hub/contracts';
import { InternalApiGuard, TenantIdPipe, ZodPipe } from '@looma-hub/platform';
import { type PricingSettings, EligibilityService } from '../quote/eligibility.service';
import { QuoteService } from '../quote/quote.service';
import { type PricingScheduleView, PricingSyncScheduler } from '../sync/pricing-sync.scheduler';
import { RuleStore } from './rule.store';

/** Internal API behind the gateway's admin routes: rules CRUD, enable/disable, preview, settings, sync control. */
@Controller('internal/tenants/:tenantId/pricing')
@UseGuards(InternalApiGuard)
export class InternalRulesController {
  constructor(
    private readonly rules: RuleStore,
    private readonly quotes: QuoteService,
    private readonly eligibility: EligibilityService,
    private readonly scheduler: PricingSyncScheduler,
  ) {}

  @Get('rules')
  async list(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Query(new ZodPipe(RuleListQuerySchema)) query: RuleListQuery,
  ): Promise<{ items: PricingRuleView[]; nextCursor: string | null }> {
    return this.rules.list(tenantId, {
      limit: query.limit,
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.source ? { source: query.source } : {}),
      ...(query.enabled !== undefined ? { enabled: query.enabled } : {}),
      ...(query.cursor ? { after: query.cursor } : {}),
    });
  }

  @Post('rules')
  async create(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Body(new ZodPipe(PricingRuleInputSchema)) body: PricingRuleSpec,
  ): Promise<PricingRuleView> {
    return this.rules.create(tenantId, body);
  }

  /** Prices a cart as if the rule were stored: what it would take off, or why not. Nothing is written. */
  @Post('rules/preview')
  @HttpCode(HttpStatus.OK)
  async preview(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Body(new ZodPipe(RulePreviewRequestSchema)) body: RulePreviewRequest,
  ): Promise<RulePreview> {
    const rule = { ...body.rule, enabled: true };
    const quote = await this.quotes.quote(
      tenantId,
      { ...body.cart, coupons: rule.coupon && !body.cart.coupons.length ? [rule.coupon.code] : body.cart.coupons },
      { preview: rule },
    );
    const applied = quote.discounts.find((d) => d.ruleId === rule.id);
    const notApplied = quote.notApplied.find((n) => n.ruleId === rule.id);
    return {
      applied: applied !== undefined,
      amountCents: applied?.amountCents ?? 0,
      reason: applied ? null : (notApplied?.reason ?? 'nothing-to-discount'),
      quote,
    };
  }

  @Get('rules/:id')
  async get(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id') id: string): Promise<PricingRuleView> {
    return this.rules.get(tenantId, id);
  }

  @Put('rules/:id')
  async replace(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Param('id') id: string,
    @Body(new ZodPipe(PricingRuleInputSchema)) body: PricingRuleSpec,
  ): Promise<PricingRuleView> {
    return this.rules.replace(tenantId, id, body);
  }

  @Post('rules/:id/enable')
  @HttpCode(HttpStatus.OK)
  async enable(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id') id: string): Promise<PricingRuleView> {
    return this.rules.setEnabled(tenantId, id, true);
  }

  @Post('rules/:id/disable')
  @HttpCode(HttpStatus.OK)
  async disable(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id') id: string): Promise<PricingRuleView> {
    return this.rules.setEnabled(tenantId, id, false);
  }

  @Delete('rules/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id') id: string): Promise<void> {
    await this.rules.remove(tenantId, id);
  }

  @Get('settings')
  async settings(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<PricingSettings> {
    return this.eligibility.settings(tenantId);
  }

  @Put('settings')
  async saveSettings(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Body(new ZodPipe(PricingSettingsSchema)) body: PricingSettingsInput,
  ): Promise<PricingSettings> {
    const saved = await this.eligibility.saveSettings(tenantId, body);
    // A new interval reaches the schedule at once (a tenant without one gets it when its retailer connects).
    if ((await this.scheduler.describe(tenantId)).exists) await this.scheduler.ensureSchedule(tenantId);
    return saved;
  }

  @Get('sync')
  async syncState(
    @Param('tenantId', TenantIdPipe) tenantId: string,
  ): Promise<PricingScheduleView & { watermark: string | null; lastSyncAt: string | null; rulesVersion: number }> {
    const [schedule, state, version] = await Promise.all([
      this.scheduler.describe(tenantId),
      this.rules.syncState(tenantId),
      this.rules.version(tenantId),
    ]);
    return {
      ...schedule,
      watermark: state.watermark?.toISOString() ?? null,
      lastSyncAt: state.lastSyncAt?.toISOString() ?? null,
      rulesVersion: version,
    };
  }

  @Post('sync')
  @HttpCode(HttpStatus.ACCEPTED)
  async startSync(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Body(new ZodPipe(StartPricingSyncSchema)) body: StartPricingSync,
  ): Promise<{ workflowId: string; runId: string }> {
    return this.scheduler.startSync(tenantId, body.mode);
  }
}
