import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { simpleError } from '../core/error-shapes';
import { parseWith } from '../core/validation';
import { productUpsertBodySchema, saleStatusSchema, tokensSchema, webhookConfigSchema } from './retailer.schemas';
import { RetailerStore, type SaleInspection } from './retailer.store';
import { type ProductDto, type SaleDto } from './retailer.types';
import { RetailerWebhookService, type WebhookDelivery } from './retailer-webhook.service';

function invalid(issue: { field: string; message: string }): never {
  throw simpleError(422, 'validation_failed', issue.message, issue.field);
}

/** Control API (dev/tests only): retailer fixtures, sale inspection and the signed status push. */
@Controller('_control/retailer')
export class RetailerControlController {
  constructor(
    private readonly store: RetailerStore,
    private readonly webhook: RetailerWebhookService,
  ) {}

  /** Every registered sale with `registrationCalls` (how many POSTs its orderId got) and `cancelCalls`. */
  @Get('sales')
  sales(): { items: SaleInspection[]; registrationCalls: Record<string, number> } {
    return this.store.inspectSales();
  }

  /** Upserts products (one, an array, or `{ items }`); each gets a fresh updatedAt so incremental syncs see it. */
  @Post('products')
  @HttpCode(200)
  upsertProducts(@Body() body: unknown): { items: ProductDto[] } {
    const parsed = parseWith(productUpsertBodySchema, body);
    if (!parsed.ok) invalid(parsed.issue);
    const inputs = Array.isArray(parsed.value) ? parsed.value : 'items' in parsed.value ? parsed.value.items : [parsed.value];
    return { items: this.store.upsertProducts(inputs) };
  }

  /** Rotates the hub's credentials: only these bearer tokens are accepted from now on (`{ tokens: null }`: the default). */
  @Put('tokens')
  setTokens(@Body() body: unknown): { tokens: number } {
    const parsed = parseWith(tokensSchema, body);
    if (!parsed.ok) invalid(parsed.issue);
    this.store.setAcceptedTokens(parsed.value.tokens);
    return { tokens: parsed.value.tokens?.length ?? 1 };
  }

  @Put('webhook')
  configureWebhook(@Body() body: unknown): { url: string; configured: true } {
    const parsed = parseWith(webhookConfigSchema, body);
    if (!parsed.ok) invalid(parsed.issue);
    return this.webhook.configure(parsed.value.url, parsed.value.secret);
  }

  @Get('webhook')
  webhookStatus(): { url: string | null; configured: boolean; deliveries: WebhookDelivery[] } {
    return this.webhook.status();
  }

  @Delete('webhook')
  @HttpCode(200)
  removeWebhook(): { configured: false } {
    this.webhook.clear();
    return { configured: false };
  }

  /** The retailer completes or cancels a sale on its side, then pushes the signed webhook (if configured). */
  @Post('sales/:saleId/status')
  @HttpCode(200)
  async setStatus(@Param('saleId') saleId: string, @Body() body: unknown): Promise<{ sale: SaleDto; webhook: WebhookDelivery | null }> {
    const parsed = parseWith(saleStatusSchema, body);
    if (!parsed.ok) invalid(parsed.issue);
    const sale = this.store.setSaleStatus(saleId, parsed.value.status);
    const webhook = await this.webhook.saleStatusChanged(sale);
    return { sale, webhook };
  }
}
