import { Body, Controller, Get, Inject, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type InboundSourceInput, InboundSourceInputSchema, type InboundSourceView } from '@looma-hub/contracts';
import { type InternalClient, TenantIdPipe, ZodPipe } from '@looma-hub/platform';
import { ApiProblems } from '../common/api-docs';
import { WEBHOOKS_API } from '../common/internal-clients';
import { ApiZodBody, ApiZodOk } from '../common/zod-docs';
import { AdminKeyGuard } from '../tenant/auth.guards';
import { TenantService } from '../tenant/tenant.service';

/**
 * A tenant's inbound sources: the partners that may post signed webhooks to `POST /v1/inbound/{tenantId}/{source}`,
 * how they sign (Standard Webhooks, or their own HMAC header scheme) and with which secret. The webhooks service
 * owns them; the gateway checks the tenant and the body, and relays.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/tenants/:tenantId/inbound-sources')
@UseGuards(AdminKeyGuard)
@ApiProblems(400, 401, 404, 503)
export class InboundAdminController {
  constructor(
    private readonly tenants: TenantService,
    @Inject(WEBHOOKS_API) private readonly webhooks: InternalClient,
  ) {}

  @Get()
  @ApiOperation({ summary: "The tenant's inbound sources (never their secrets)" })
  @ApiResponse({ status: 200, schema: { type: 'array', items: { $ref: '#/components/schemas/InboundSource' } } })
  async list(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<InboundSourceView[]> {
    await this.tenants.getTenant(tenantId);
    return this.webhooks.get<InboundSourceView[]>(this.base(tenantId));
  }

  @Get(':source')
  @ApiZodOk('InboundSource', 'The source, its scheme and settings (not its secret)')
  async get(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('source') source: string): Promise<InboundSourceView> {
    await this.tenants.getTenant(tenantId);
    return this.webhooks.get<InboundSourceView>(`${this.base(tenantId)}/${encodeURIComponent(source)}`);
  }

  @Put(':source')
  @ApiOperation({
    summary: 'Sets how a partner signs its webhooks to this tenant, and the secret (a Standard Webhooks one is generated when absent)',
    description: 'Its topic `hub.inbound.<source>.v1` is created with it. A generated secret is in this answer only.',
  })
  @ApiZodBody(InboundSourceInputSchema)
  @ApiZodOk('InboundSource', 'The source as stored, with `secret` when it was generated')
  async put(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Param('source') source: string,
    @Body(new ZodPipe(InboundSourceInputSchema)) body: InboundSourceInput,
  ): Promise<InboundSourceView> {
    await this.tenants.getChangeableTenant(tenantId);
    return this.webhooks.put<InboundSourceView>(`${this.base(tenantId)}/${encodeURIComponent(source)}`, body);
  }

  private base(tenantId: string): string {
    return `/internal/tenants/${encodeURIComponent(tenantId)}/inbound-sources`;
  }
}
