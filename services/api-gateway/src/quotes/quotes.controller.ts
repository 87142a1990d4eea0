import { Body, Controller, HttpCode, HttpStatus, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { QUOTE_MAX_LINES, type Quote, type QuoteRequest, QuoteRequestSchema } from '@looma-hub/contracts';
import { type InternalClient, ZodPipe } from '@looma-hub/platform';
import { ApiProblems, ProblemDoc } from '../common/api-docs';
import { PRICING_API } from '../common/internal-clients';
import { ApiZodBody, ApiZodOk } from '../common/zod-docs';
import { ApiKeyGuard, TenantId } from '../tenant/auth.guards';

/**
 * Prices a cart with the tenant's discount rules; pricing-rules owns the rules and the engine. The shape is checked
 * here (a bad cart never reaches it); what needs the tenant's data or the tax-document rules (a CPF that does not
 * check out, a product it does not have) is pricing-rules' answer, passed through.
 */
@ApiTags('quotes')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('v1/quotes')
@ApiExtraModels(ProblemDoc)
@UseGuards(ApiKeyGuard)
export class QuotesController {
  constructor(@Inject(PRICING_API) private readonly pricing: InternalClient) {}

  // No Idempotency-Key handling: a quote changes nothing, asking again is the retry.
  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Price a cart',
    description:
      "Each line at the catalog's price in force, with the tenant's promotions, customer rules and the coupons given " +
      `applied as they combine; the rules that did not apply, and why. Nothing is reserved or stored. At most ` +
      `${QUOTE_MAX_LINES} lines; a line the catalog cannot price carries its error and counts for nothing. A CPF or ` +
      'CNPJ that does not check out is a 400 naming `customer.document`.',
  })
  @ApiZodBody(QuoteRequestSchema)
  @ApiZodOk('Quote', 'The cart priced')
  @ApiProblems(400, 401, 413, 503)
  async quote(@TenantId() tenantId: string, @Body(new ZodPipe(QuoteRequestSchema)) body: QuoteRequest): Promise<Quote> {
    return this.pricing.post<Quote>(`/internal/tenants/${encodeURIComponent(tenantId)}/quotes`, body);
  }
}
