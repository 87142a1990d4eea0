import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type PricingRuleSpec,
  PricingRuleInputSchema,
  type PricingRuleView,
  type PricingSettingsInput,
  PricingSettingsSchema,
  type RuleListQuery,
  RuleListQuerySchema,
  type RulePreviewRequest,
  RulePreviewRequestSchema,
  type StartPricingSync,
  StartPricingSyncSchema,
} from '@looma-hub/contracts';
import { type InternalClient, TenantIdPipe, ZodPipe } from '@looma-hub/platform';
import { ApiProblem, ApiProblems } from '../common/api-docs';
import { PRICING_API } from '../common/internal-clients';
import { ApiZodBody, ApiZodOk, ApiZodQuery } from '../common/zod-docs';
import { AdminKeyGuard } from '../tenant/auth.guards';
import { TenantService } from '../tenant/tenant.service';

const RULE_CONFLICT =
  'A rule with this id exists, another rule has this coupon code, the rule comes from the retailer (change it there; ' +
  'here it may only be enabled or disabled), or the tenant is being deleted';

/**
 * A tenant's discount rules for operators: the rules (the retailer's, synced, and the ones written here), a dry run
 * of a rule over a cart, the pricing settings, the rule sync, and a coupon's uses. pricing-rules owns all of it; the
 * gateway checks the tenant and the request's shape, and relays.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/tenants/:tenantId/pricing')
@UseGuards(AdminKeyGuard)
@ApiProblems(400, 401, 404, 503)
export class PricingAdminController {
  constructor(
    private readonly tenants: TenantService,
    @Inject(PRICING_API) private readonly pricing: InternalClient,
  ) {}

  @Get('rules')
  @ApiOperation({ summary: "The tenant's rules, by id, filtered by kind, source and state" })
  @ApiZodQuery(RuleListQuerySchema)
  @ApiZodOk('PricingRulePage', 'One page of rules')
  async list(@Param('tenantId', TenantIdPipe) tenantId: string, @Query(new ZodPipe(RuleListQuerySchema)) query: RuleListQuery) {
    await this.tenants.getTenant(tenantId);
    return this.pricing.get<unknown>(`${this.base(tenantId)}/rules`, {
      kind: query.kind,
      source: query.source,
      enabled: query.enabled === undefined ? undefined : String(query.enabled),
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @Post('rules')
  @ApiOperation({ summary: 'Adds a rule (source `admin`); it applies to the next quote' })
  @ApiZodBody(PricingRuleInputSchema)
  @ApiZodOk('PricingRule', 'The rule as stored', HttpStatus.CREATED)
  @ApiProblem(409, RULE_CONFLICT)
  async create(@Param('tenantId', TenantIdPipe) tenantId: string, @Body(new ZodPipe(PricingRuleInputSchema)) body: PricingRuleSpec) {
    await this.tenants.getChangeableTenant(tenantId);
    return this.pricing.post<PricingRuleView>(`${this.base(tenantId)}/rules`, body);
  }

  // Before `rules/:id` so that `preview` is never taken for an id.
  @Post('rules/preview')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Prices a cart as if the rule were stored (replacing a stored rule of the same id): what it takes off, or why not',
    description: 'Nothing is written; a coupon rule is tried with its own code when the cart gives none.',
  })
  @ApiZodBody(RulePreviewRequestSchema)
  @ApiZodOk('PricingRulePreview', 'What the rule does to this cart, and the whole quote with it')
  async preview(@Param('tenantId', TenantIdPipe) tenantId: string, @Body(new ZodPipe(RulePreviewRequestSchema)) body: RulePreviewRequest) {
    await this.tenants.getTenant(tenantId);
    return this.pricing.post<unknown>(`${this.base(tenantId)}/rules/preview`, body);
  }

  @Get('rules/:id')
  @ApiZodOk('PricingRule', 'The rule')
  async get(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id') id: string) {
    await this.tenants.getTenant(tenantId);
    return this.pricing.get<PricingRuleView>(this.rule(tenantId, id));
  }

  @Put('rules/:id')
  @ApiOperation({ summary: 'Writes a rule whole (source `admin`; created when new, the path’s id wins over the body’s)' })
  @ApiZodBody(PricingRuleInputSchema)
  @ApiZodOk('PricingRule', 'The rule as stored, its version grown')
  @ApiProblem(409, RULE_CONFLICT)
  async replace(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Param('id') id: string,
    @Body(new ZodPipe(PricingRuleInputSchema)) body: PricingRuleSpec,
  ) {
    await this.tenants.getChangeableTenant(tenantId);
    return this.pricing.put<PricingRuleView>(this.rule(tenantId, id), body);
  }

  @Delete('rules/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblem(409, RULE_CONFLICT)
  async remove(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id') id: string): Promise<void> {
    await this.tenants.getChangeableTenant(tenantId);
    await this.pricing.delete<unknown>(this.rule(tenantId, id));
  }

  @Post('rules/:id/enable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Turns a rule on (a retailer's rule too)" })
  @ApiZodOk('PricingRule', 'The rule')
  @ApiProblem(409, 'The tenant is being deleted')
  async enable(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id') id: string) {
    await this.tenants.getChangeableTenant(tenantId);
    return this.pricing.post<PricingRuleView>(`${this.rule(tenantId, id)}/enable`);
  }

  @Post('rules/:id/disable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Turns a rule off (a retailer's rule too, until the retailer publishes a newer version of it)" })
  @ApiZodOk('PricingRule', 'The rule')
  @ApiProblem(409, 'The tenant is being deleted')
  async disable(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('id') id: string) {
    await this.tenants.getChangeableTenant(tenantId);
    return this.pricing.post<PricingRuleView>(`${this.rule(tenantId, id)}/disable`);
  }

  @Get('settings')
  @ApiZodOk('PricingSettings', "The tenant's pricing settings (the defaults until set)")
  async settings(@Param('tenantId', TenantIdPipe) tenantId: string) {
    await this.tenants.getTenant(tenantId);
    return this.pricing.get<unknown>(`${this.base(tenantId)}/settings`);
  }

  @Put('settings')
  @ApiOperation({ summary: 'Sets who answers customer eligibility, for how long an answer holds, and the rule sync interval' })
  @ApiZodBody(PricingSettingsSchema)
  @ApiZodOk('PricingSettings', 'The settings as stored')
  @ApiProblem(409, 'The tenant is being deleted')
  async saveSettings(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Body(new ZodPipe(PricingSettingsSchema)) body: PricingSettingsInput,
  ) {
    await this.tenants.getChangeableTenant(tenantId);
    return this.pricing.put<unknown>(`${this.base(tenantId)}/settings`, body);
  }

  @Get('sync')
  @ApiOperation({
    summary: "The rule sync: its schedule (interval, paused, next and last run), the retailer's watermark, the rule-set version",
  })
  @ApiOkResponse({ description: 'The sync state' })
  async syncState(@Param('tenantId', TenantIdPipe) tenantId: string) {
    await this.tenants.getTenant(tenantId);
    return this.pricing.get<unknown>(`${this.base(tenantId)}/sync`);
  }

  @Post('sync')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: "Pulls the retailer's rules now (incremental from the watermark unless `full`)" })
  @ApiZodBody(StartPricingSyncSchema)
  @ApiAcceptedResponse({ description: 'Started: `{ workflowId, runId }`' })
  @ApiProblem(409, 'The tenant is being deleted')
  async startSync(@Param('tenantId', TenantIdPipe) tenantId: string, @Body(new ZodPipe(StartPricingSyncSchema)) body: StartPricingSync) {
    await this.tenants.getChangeableTenant(tenantId);
    return this.pricing.post<unknown>(`${this.base(tenantId)}/sync`, body);
  }

  /** The ledger counts uses, the rule holds the limit: `remaining` is computed against the rule's coupon. */
  @Get('coupons/:ruleId/usage')
  @ApiOperation({ summary: "A coupon rule's uses: confirmed, held by orders in flight, and left under its total limit (null: unlimited)" })
  @ApiOkResponse({ description: '`{ used, reserved, remaining }`' })
  async couponUsage(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('ruleId') ruleId: string) {
    await this.tenants.getTenant(tenantId);
    const rule = await this.pricing.get<PricingRuleView>(this.rule(tenantId, ruleId));
    return this.pricing.get<unknown>(`/internal/tenants/${encodeURIComponent(tenantId)}/coupons/${encodeURIComponent(ruleId)}/usage`, {
      usageLimit: rule.coupon?.usageLimit ?? undefined,
    });
  }

  private base(tenantId: string): string {
    return `/internal/tenants/${encodeURIComponent(tenantId)}/pricing`;
  }

  private rule(tenantId: string, id: string): string {
    return `${this.base(tenantId)}/rules/${encodeURIComponent(id)}`;
  }
}
