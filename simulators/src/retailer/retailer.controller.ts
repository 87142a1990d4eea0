import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { retailerError } from '../core/error-shapes';
import { parseWith } from '../core/validation';
import { RetailerAuthGuard } from './retailer-auth.guard';
import {
  cancelSaleSchema,
  discountRulesQuerySchema,
  eligibilityQuerySchema,
  productsQuerySchema,
  registerSaleSchema,
} from './retailer.schemas';
import { RetailerStore } from './retailer.store';
import {
  type DiscountRulePage,
  type EligibilityDto,
  type ProductDto,
  type ProductPage,
  type SaleDto,
  type SaleReceiptDto,
} from './retailer.types';

function invalid(issue: { field: string; message: string }): never {
  throw retailerError(422, 'validation_failed', issue.message, issue.field || null);
}

/** Every route at `/retailer/v1/…` (the default catalog) and `/retailer/catalogs/<name>/v1/…` (a generated one). */
const routes = (path: string): string[] => [`v1/${path}`, `catalogs/:catalog/v1/${path}`];

/**
 * Retailer Integration API (PARTNERS §1), the contract the hub publishes (libs/contracts/published) and each retailer
 * implements. Each catalog is a retailer of its own: a tenant's connection points at its base URL.
 */
@Controller('retailer')
@UseGuards(RetailerAuthGuard)
export class RetailerController {
  constructor(private readonly store: RetailerStore) {}

  @Get(routes('products'))
  products(@Query() query: Record<string, unknown>, @Param('catalog') catalog?: string): ProductPage {
    const parsed = parseWith(productsQuerySchema, query);
    if (!parsed.ok) invalid(parsed.issue);
    return this.store.listProducts(parsed.value, catalog);
  }

  @Get(routes('products/:id'))
  product(@Param('id') id: string, @Param('catalog') catalog?: string): ProductDto {
    const product = this.store.getProduct(id, catalog);
    if (!product) throw retailerError(404, 'product_not_found', `No product ${id}`, 'id');
    return product;
  }

  /** Every catalog's retailer has the same rules (the default's): a generated catalog is a product feed, not a shop. */
  @Get(routes('discount-rules'))
  discountRules(@Query() query: Record<string, unknown>): DiscountRulePage {
    const parsed = parseWith(discountRulesQuerySchema, query);
    if (!parsed.ok) invalid(parsed.issue);
    return this.store.listDiscountRules(parsed.value);
  }

  @Get(routes('customers/eligibility'))
  eligibility(@Query() query: Record<string, unknown>): EligibilityDto {
    const parsed = parseWith(eligibilityQuerySchema, query);
    if (!parsed.ok) invalid(parsed.issue);
    return this.store.eligibility(parsed.value);
  }

  /** 201 on the first registration of an orderId, 200 with the same sale on a replay, 409 on different content. */
  @Post(routes('sales'))
  registerSale(@Body() body: unknown, @Res({ passthrough: true }) res: Response, @Param('catalog') catalog?: string): SaleReceiptDto {
    const orderId = (body as { orderId?: unknown } | undefined)?.orderId;
    if (typeof orderId === 'string' && orderId.trim()) this.store.countRegistrationCall(orderId.trim());
    const parsed = parseWith(registerSaleSchema, body);
    if (!parsed.ok) invalid(parsed.issue);
    const outcome = this.store.registerSale(parsed.value, catalog);
    res.status(outcome.kind === 'created' ? 201 : 200);
    const { saleId, status, createdAt } = outcome.sale;
    return { saleId, orderId: outcome.sale.orderId, status, createdAt };
  }

  @Get(routes('sales/:saleId'))
  sale(@Param('saleId') saleId: string): SaleDto {
    return this.store.getSale(saleId);
  }

  /** Cancel by the hub's order id (the sale id may never have reached the hub). Idempotent. */
  @Post(routes('sales/by-order/:orderId/cancel'))
  @HttpCode(200)
  cancelByOrder(@Param('orderId') orderId: string, @Body() body: unknown): SaleDto {
    const parsed = parseWith(cancelSaleSchema, body ?? undefined);
    if (!parsed.ok) invalid(parsed.issue);
    return this.store.cancelSaleByOrder(orderId, parsed.value?.reason ?? null);
  }

  @Post(routes('sales/:saleId/cancel'))
  @HttpCode(200)
  cancel(@Param('saleId') saleId: string, @Body() body: unknown): SaleDto {
    const parsed = parseWith(cancelSaleSchema, body ?? undefined);
    if (!parsed.ok) invalid(parsed.issue);
    return this.store.cancelSale(saleId, parsed.value?.reason ?? null);
  }
}
