import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { retailerError } from '../core/error-shapes';
import { parseWith } from '../core/validation';
import { RetailerAuthGuard } from './retailer-auth.guard';
import { cancelSaleSchema, eligibilityQuerySchema, productsQuerySchema, registerSaleSchema } from './retailer.schemas';
import { RetailerStore } from './retailer.store';
import {
  type DiscountRuleDto,
  type EligibilityDto,
  type ProductDto,
  type ProductPage,
  type SaleDto,
  type SaleReceiptDto,
} from './retailer.types';

function invalid(issue: { field: string; message: string }): never {
  throw retailerError(422, 'validation_failed', issue.message, issue.field || null);
}

/** Retailer Integration API (PARTNERS §1), the contract the hub publishes and each retailer implements. */
@Controller('retailer/v1')
@UseGuards(RetailerAuthGuard)
export class RetailerController {
  constructor(private readonly store: RetailerStore) {}

  @Get('products')
  products(@Query() query: Record<string, unknown>): ProductPage {
    const parsed = parseWith(productsQuerySchema, query);
    if (!parsed.ok) invalid(parsed.issue);
    return this.store.listProducts(parsed.value);
  }

  @Get('products/:id')
  product(@Param('id') id: string): ProductDto {
    const product = this.store.getProduct(id);
    if (!product) throw retailerError(404, 'product_not_found', `No product ${id}`, 'id');
    return product;
  }

  @Get('discount-rules')
  discountRules(@Query('updatedSince') updatedSince?: string): { items: DiscountRuleDto[] } {
    return this.store.listDiscountRules(typeof updatedSince === 'string' ? updatedSince : undefined);
  }

  @Get('customers/eligibility')
  eligibility(@Query() query: Record<string, unknown>): EligibilityDto {
    const parsed = parseWith(eligibilityQuerySchema, query);
    if (!parsed.ok) invalid(parsed.issue);
    return this.store.eligibility(parsed.value);
  }

  /** 201 on the first registration of an orderId, 200 with the same sale on a replay, 409 on different content. */
  @Post('sales')
  registerSale(@Body() body: unknown, @Res({ passthrough: true }) res: Response): SaleReceiptDto {
    const orderId = (body as { orderId?: unknown } | undefined)?.orderId;
    if (typeof orderId === 'string' && orderId.trim()) this.store.countRegistrationCall(orderId.trim());
    const parsed = parseWith(registerSaleSchema, body);
    if (!parsed.ok) invalid(parsed.issue);
    const outcome = this.store.registerSale(parsed.value);
    res.status(outcome.kind === 'created' ? 201 : 200);
    const { saleId, status, createdAt } = outcome.sale;
    return { saleId, orderId: outcome.sale.orderId, status, createdAt };
  }

  @Get('sales/:saleId')
  sale(@Param('saleId') saleId: string): SaleDto {
    return this.store.getSale(saleId);
  }

  /** Cancel by the hub's order id (the sale id may never have reached the hub). Idempotent. */
  @Post('sales/by-order/:orderId/cancel')
  @HttpCode(200)
  cancelByOrder(@Param('orderId') orderId: string, @Body() body: unknown): SaleDto {
    const parsed = parseWith(cancelSaleSchema, body ?? undefined);
    if (!parsed.ok) invalid(parsed.issue);
    return this.store.cancelSaleByOrder(orderId, parsed.value?.reason ?? null);
  }

  @Post('sales/:saleId/cancel')
  @HttpCode(200)
  cancel(@Param('saleId') saleId: string, @Body() body: unknown): SaleDto {
    const parsed = parseWith(cancelSaleSchema, body ?? undefined);
    if (!parsed.ok) invalid(parsed.issue);
    return this.store.cancelSale(saleId, parsed.value?.reason ?? null);
  }
}
