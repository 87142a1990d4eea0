import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { simpleError } from '../core/error-shapes';
import { parseWith } from '../core/validation';
import { CatalogEventsPublisher } from './catalog/catalog-events.publisher';
import { CHANGE_KINDS, type ChangeKind } from './catalog/retailer-catalog';
import { type DiscountRuleRecord, discountRuleDto } from './discount-rules';
import { generatedRuleId } from './discount-rule-generator';
import { PricingEventsPublisher } from './pricing-events.publisher';
import {
  catalogChangesSchema,
  catalogNameSchema,
  catalogSpecSchema,
  discountRulesGenerateSchema,
  discountRulesRemovalSchema,
  discountRulesUpsertSchema,
  productUpsertBodySchema,
  rawItemsSchema,
  removalsSchema,
  saleStatusSchema,
  tokensSchema,
  webhookConfigSchema,
} from './retailer.schemas';
import { DEFAULT_CATALOG, RetailerStore, type SaleInspection } from './retailer.store';
import { type DiscountRuleDto, type ProductDto, type SaleDto } from './retailer.types';
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
    private readonly events: CatalogEventsPublisher,
    private readonly pricingEvents: PricingEventsPublisher,
  ) {}

  /** Every registered sale with `registrationCalls` (how many POSTs its orderId got) and `cancelCalls`. */
  @Get('sales')
  sales(): { items: SaleInspection[]; registrationCalls: Record<string, number> } {
    return this.store.inspectSales();
  }

  /**
   * Upserts products (one, an array, or `{ items }`) of the default catalog or a named one; each gets a fresh
   * updatedAt so incremental syncs see it.
   */
  @Post(['products', 'catalogs/:catalog/products'])
  @HttpCode(200)
  upsertProducts(@Body() body: unknown, @Param('catalog') catalog?: string): { items: ProductDto[] } {
    const parsed = parseWith(productUpsertBodySchema, body);
    if (!parsed.ok) invalid(parsed.issue);
    const inputs = Array.isArray(parsed.value) ? parsed.value : 'items' in parsed.value ? parsed.value.items : [parsed.value];
    return { items: this.store.upsertProducts(inputs, catalog) };
  }

  /**
   * A generated catalog of any size (deterministic from `seed`), served at `/retailer/catalogs/<name>/v1/…`; the same
   * call again replaces it. Products are derived on demand: a million cost no memory until they change.
   */
  @Put('catalogs/:catalog')
  generateCatalog(@Param('catalog') name: string, @Body() body: unknown): { name: string; size: number; path: string } {
    const spec = parseWith(catalogSpecSchema, body);
    if (!spec.ok) invalid(spec.issue);
    const catalog = this.store.generateCatalog(this.catalogName(name), spec.value);
    return { name: catalog.name, size: catalog.size(), path: `/retailer/catalogs/${catalog.name}` };
  }

  @Get('catalogs/:catalog')
  catalogInfo(@Param('catalog') name: string): { name: string; size: number } {
    const catalog = this.store.catalog(name);
    return { name: catalog.name, size: catalog.size() };
  }

  @Delete('catalogs/:catalog')
  @HttpCode(200)
  deleteCatalog(@Param('catalog') name: string): { deleted: boolean } {
    return { deleted: this.store.deleteCatalog(name) };
  }

  /**
   * Changes a fraction (or a count) of a catalog's products: prices, stock, promotions, deactivations and new
   * products (`kinds`, all by default), each with a fresh updatedAt; with `publish`, also as retailer catalog events
   * on Kafka for that hub tenant. Answers what changed, so a test can expect exactly those.
   */
  @Post('catalogs/:catalog/changes')
  @HttpCode(200)
  async changeProducts(
    @Param('catalog') name: string,
    @Body() body: unknown,
  ): Promise<{ changed: number; byKind: Record<ChangeKind, number>; productIds: string[]; published: number }> {
    const parsed = parseWith(catalogChangesSchema, body);
    if (!parsed.ok) invalid(parsed.issue);
    const { fraction, count, seed, kinds, publish } = parsed.value;
    const changes = this.store.changeProducts(name, {
      ...(fraction === undefined ? {} : { fraction }),
      ...(count === undefined ? {} : { count }),
      seed,
      kinds: kinds ?? CHANGE_KINDS,
    });
    const byKind = Object.fromEntries(CHANGE_KINDS.map((k) => [k, changes.filter((c) => c.kind === k).length])) as Record<
      ChangeKind,
      number
    >;
    const published = publish ? await this.events.publish(publish.tenantId, name, changes) : 0;
    return { changed: changes.length, byKind, productIds: changes.map((c) => c.productId), published };
  }

  /** The retailer deletes products: they leave its feed (and a full sync of the hub deactivates them). */
  @Post('catalogs/:catalog/removals')
  @HttpCode(200)
  removeProducts(@Param('catalog') name: string, @Body() body: unknown): { removed: number } {
    const parsed = parseWith(removalsSchema, body);
    if (!parsed.ok) invalid(parsed.issue);
    return { removed: this.store.catalog(name).remove(parsed.value.ids) };
  }

  /** Serves items exactly as given at the end of the catalog's feed: bad data, for the hub to quarantine. */
  @Post('catalogs/:catalog/raw')
  @HttpCode(200)
  injectRaw(@Param('catalog') name: string, @Body() body: unknown): { injected: number } {
    const parsed = parseWith(rawItemsSchema, body);
    if (!parsed.ok) invalid(parsed.issue);
    return { injected: this.store.catalog(name).injectRaw(parsed.value.items) };
  }

  /**
   * Creates or replaces discount rules (whole rules in the hub's model), each with a fresh updatedAt; with `publish`,
   * also as retailer pricing events on Kafka for that hub tenant.
   */
  @Post('discount-rules')
  @HttpCode(200)
  async upsertDiscountRules(@Body() body: unknown): Promise<{ items: DiscountRuleDto[]; published: number }> {
    const parsed = parseWith(discountRulesUpsertSchema, body);
    if (!parsed.ok) invalid(parsed.issue);
    const records = this.store.upsertDiscountRules(parsed.value.items);
    return { items: records.map(discountRuleDto), published: await this.publishRules(parsed.value.publish, records) };
  }

  /** The retailer deletes rules: they stay in its feed disabled (enabled: false) with a fresh updatedAt. */
  @Post('discount-rules/removals')
  @HttpCode(200)
  async removeDiscountRules(@Body() body: unknown): Promise<{ items: DiscountRuleDto[]; published: number }> {
    const parsed = parseWith(discountRulesRemovalSchema, body);
    if (!parsed.ok) invalid(parsed.issue);
    const records = this.store.deleteDiscountRules(parsed.value.ids);
    return { items: records.map(discountRuleDto), published: await this.publishRules(parsed.value.publish, records) };
  }

  /**
   * `count` synthetic rules, deterministic from `seed` (and `asOf`), ids `<idPrefix><index, 7 digits>`, added to the
   * retailer's rules (the same call again replaces them): load for the hub's rule sync and quote engine.
   */
  @Post('discount-rules/generate')
  @HttpCode(200)
  async generateDiscountRules(
    @Body() body: unknown,
  ): Promise<{ generated: number; firstId: string; lastId: string; updatedAt: string | null; published: number }> {
    const parsed = parseWith(discountRulesGenerateSchema, body);
    if (!parsed.ok) invalid(parsed.issue);
    const records = this.store.generateDiscountRules(parsed.value);
    const { idPrefix, count } = parsed.value;
    return {
      generated: records.length,
      firstId: generatedRuleId({ idPrefix }, 0),
      lastId: generatedRuleId({ idPrefix }, count - 1),
      updatedAt: records[0] ? discountRuleDto(records[0]).updatedAt : null,
      published: await this.publishRules(parsed.value.publish, records),
    };
  }

  private async publishRules(publish: { tenantId: string } | undefined, records: DiscountRuleRecord[]): Promise<number> {
    return publish ? this.pricingEvents.publish(publish.tenantId, records) : 0;
  }

  private catalogName(name: string): string {
    const parsed = parseWith(catalogNameSchema, name);
    if (!parsed.ok) invalid({ field: 'catalog', message: parsed.issue.message });
    if (parsed.value === DEFAULT_CATALOG) invalid({ field: 'catalog', message: 'the default catalog is the fixtures; pick another name' });
    return parsed.value;
  }

  /** Rotates the hub's credentials: only these bearer tokens are accepted from now on (`{ tokens: null }`: the default). */
  @Put('tokens')
  setTokens(@Body() body: unknown): { tokens: number } {
    const parsed = parseWith(tokensSchema, body);
    if (!parsed.ok) invalid(parsed.issue);
    this.store.setAcceptedTokens(parsed.value.tokens);
    return { tokens: parsed.value.tokens?.length ?? 1 };
  }

  /** Where the signed sale push goes: `{ url, secret }` for every sale, or with `tenantId` for that hub tenant's sales. */
  @Put('webhook')
  configureWebhook(@Body() body: unknown): { url: string; tenantId: string | null; configured: true } {
    const parsed = parseWith(webhookConfigSchema, body);
    if (!parsed.ok) invalid(parsed.issue);
    return this.webhook.configure(parsed.value.url, parsed.value.secret, parsed.value.tenantId);
  }

  @Get('webhook')
  webhookStatus(): ReturnType<RetailerWebhookService['status']> {
    return this.webhook.status();
  }

  /** Removes every target, or (`?tenantId=`) that tenant's. */
  @Delete('webhook')
  @HttpCode(200)
  removeWebhook(@Query('tenantId') tenantId?: string): { configured: false } {
    this.webhook.clear(tenantId || undefined);
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
