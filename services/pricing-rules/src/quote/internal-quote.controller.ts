import { Body, Controller, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import { type Quote, type QuoteRequest, QuoteRequestSchema } from '@looma-hub/contracts';
import { InternalApiGuard, TenantIdPipe, ZodPipe } from '@looma-hub/platform';
import { QuoteService } from './quote.service';

/** Internal API for the gateway (and, with the orders issue, order placement): price a cart. */
@Controller('internal/tenants/:tenantId/quotes')
@UseGuards(InternalApiGuard)
export class InternalQuoteController {
  constructor(private readonly quotes: QuoteService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  async quote(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Body(new ZodPipe(QuoteRequestSchema)) body: QuoteRequest,
  ): Promise<Quote> {
    return this.quotes.quote(tenantId, body);
  }
}
