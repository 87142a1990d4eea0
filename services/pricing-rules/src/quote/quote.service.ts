import { Inject, Injectable } from '@nestjs/common';
import { type AppliedDiscount, type PricingRuleSpec, type Quote, type QuoteLine, type QuoteRequest } from '@looma-hub/contracts';
import { effectivePriceCents, parsePhone, parseTaxDocument, variantPricing } from '@looma-hub/domain';
import { type PricedProduct, ProductPrices } from '../catalog/product-prices';
import { compileRule } from '../domain/compile-rule';
import type { CartLine, CouponStanding, PricingResult } from '../domain/engine-types';
import { normalizeCode, normalizeName } from '../domain/normalize';
import { priceCart } from '../domain/pricing-engine';
import { RuleIndex } from '../domain/rule-index';
import { RuleSets } from '../rule/rule-sets';
import { RuleStore } from '../rule/rule.store';
import { type CustomerKey, EligibilityService } from './eligibility.service';

/** What the coupon ledger tells a quote: each coupon rule's standing for this customer now (read-only). */
export interface CouponStandingReader {
  standing(input: {
    tenantId: string;
    coupons: { ruleId: string; usageLimit: number | null; perCustomerLimit: number | null }[];
    customerDocument: string | null;
  }): Promise<Map<string, CouponStanding>>;
}
export const COUPON_STANDING = Symbol('COUPON_STANDING');

interface ResolvedLine {
  index: number;
  request: QuoteRequest['lines'][number];
  product: PricedProduct | null;
  variantId: string | null;
  error: QuoteLine['error'];
  cart: CartLine | null;
  regularUnit: number | null;
}

/**
 * Prices a cart: the catalog's prices and facts for its lines (the read model of product-changed events, one query), the tenant's rules, the customer's eligibility and the
 * coupons' standing, then the pure engine. The same input at the same instant (`at`) gives the same quote.
 */
@Injectable()
export class QuoteService {
  constructor(
    private readonly catalog: ProductPrices,
    private readonly ruleSets: RuleSets,
    private readonly rules: RuleStore,
    private readonly eligibility: EligibilityService,
    @Inject(COUPON_STANDING) private readonly coupons: CouponStandingReader,
  ) {}

  async quote(tenantId: string, request: QuoteRequest, opts: { preview?: PricingRuleSpec } = {}): Promise<Quote> {
    // Bad customer data is the caller's to fix (400 naming the field), checked before anything is asked.
    const key = customerKey(request.customer);
    const at = request.at === undefined ? new Date() : new Date(request.at);

    const [index, resolved] = await Promise.all([this.indexFor(tenantId, opts.preview), this.resolveLines(tenantId, request, at)]);
    const cart = resolved.filter((l): l is ResolvedLine & { cart: CartLine } => l.cart !== null);

    const customer = index.needsEligibility ? await this.eligibility.customer(tenantId, key) : ({ status: 'anonymous' } as const);
    const couponStanding = await this.couponStanding(tenantId, index, request.coupons, key);

    const result = priceCart(
      index,
      cart.map((l) => l.cart),
      {
        atMs: at.getTime(),
        channel: request.channel === undefined ? null : normalizeName(request.channel),
        store: request.store ?? null,
        customer,
        couponCodes: request.coupons,
        couponStanding,
      },
    );
    return toQuote(at, resolved, cart, result, index.version);
  }

  private async indexFor(tenantId: string, preview: PricingRuleSpec | undefined): Promise<RuleIndex> {
    if (!preview) return this.ruleSets.index(tenantId);
    // A preview prices the cart as if the rule were stored (replacing a rule of the same id), enabled.
    const { version, rules } = await this.rules.enabledRules(tenantId);
    const others = rules.filter((r) => r.id !== preview.id);
    return new RuleIndex([...others, { ...preview, enabled: true }].map(compileRule), version);
  }

  private async couponStanding(
    tenantId: string,
    index: RuleIndex,
    typed: readonly string[],
    key: CustomerKey | null,
  ): Promise<Map<string, CouponStanding>> {
    const limited: { ruleId: string; usageLimit: number | null; perCustomerLimit: number | null }[] = [];
    for (const code of new Set(typed.map(normalizeCode))) {
      for (const rule of index.couponRules(code)) {
        const limits = rule.couponLimits;
        if (limits && (limits.usageLimit !== null || limits.perCustomerLimit !== null)) limited.push({ ruleId: rule.id, ...limits });
      }
    }
    if (limited.length === 0) return new Map();
    return this.coupons.standing({ tenantId, coupons: limited, customerDocument: key?.document ?? null });
  }

  private async resolveLines(tenantId: string, request: QuoteRequest, at: Date): Promise<ResolvedLine[]> {
    const codes = [...new Set(request.lines.map((l) => l.productId.trim()))];
    const products = await this.catalog.byCodes(tenantId, codes);
    const byCode = new Map(codes.map((c, i) => [c, products[i] ?? null]));
    return request.lines.map((line, index) => resolveLine(index, line, byCode.get(line.productId.trim()) ?? null, at));
  }
}

function customerKey(customer: QuoteRequest['customer']): CustomerKey | null {
  if (!customer) return null;
  const document = customer.document === undefined ? null : parseTaxDocument(customer.document, { field: 'customer.document' }).value;
  const phone = customer.phone === undefined ? null : parsePhone(customer.phone, { field: 'customer.phone' });
  return { document, phone };
}

function resolveLine(index: number, request: QuoteRequest['lines'][number], product: PricedProduct | null, at: Date): ResolvedLine {
  const variantId = request.variantId ?? null;
  const base = { index, request, product, variantId, cart: null, regularUnit: null };
  if (!product) return { ...base, error: { code: 'product-not-found', message: `No product ${request.productId} in the catalog` } };
  if (!product.active) return { ...base, error: { code: 'product-inactive', message: `${product.name} is not for sale now` } };
  const pricing = {
    priceCents: product.priceCents,
    promoPriceCents: product.promoPriceCents,
    promoStart: product.promoStart,
    promoEnd: product.promoEnd,
  };
  let linePricing = pricing;
  if (variantId !== null) {
    const variant = product.variants.find((v) => v.id === variantId);
    if (!variant) return { ...base, error: { code: 'variant-not-found', message: `${product.name} has no variant ${variantId}` } };
    if (!variant.active) return { ...base, error: { code: 'variant-inactive', message: `${variant.name} is not for sale now` } };
    linePricing = variantPricing(pricing, { priceCents: variant.priceCents, promoPriceCents: variant.promoPriceCents });
  }
  const manufacturers = [product.manufacturer, product.brand].filter((m): m is string => m !== null).map(normalizeName);
  return {
    ...base,
    error: null,
    regularUnit: linePricing.priceCents,
    cart: {
      productId: product.externalId,
      variantId,
      quantity: request.quantity,
      unitPriceCents: effectivePriceCents(linePricing, at),
      categories: product.categories.map(normalizeName),
      manufacturers,
      collections: product.collections.map(normalizeName),
    },
  };
}

function toQuote(at: Date, resolved: ResolvedLine[], cart: ResolvedLine[], result: PricingResult, version: number): Quote {
  const priced = new Map(cart.map((l, k) => [l.index, result.lines[k]]));
  const lines: QuoteLine[] = resolved.map((l) => {
    const p = priced.get(l.index);
    return {
      index: l.index,
      productId: l.product?.productId ?? l.request.productId,
      variantId: l.variantId,
      externalId: l.product?.externalId ?? null,
      name: l.product?.name ?? null,
      quantity: l.request.quantity,
      regularUnitPriceCents: l.regularUnit,
      effectiveUnitPriceCents: l.cart?.unitPriceCents ?? null,
      subtotalCents: p?.subtotalCents ?? 0,
      discounts: (p?.discounts ?? []) as AppliedDiscount[],
      discountCents: p?.discountCents ?? 0,
      totalCents: p?.totalCents ?? 0,
      error: l.error,
    };
  });
  return {
    at: at.toISOString(),
    currency: 'BRL',
    lines,
    discounts: result.discounts,
    notApplied: result.notApplied,
    freeShipping: result.freeShipping,
    coupons: result.coupons,
    subtotalCents: result.subtotalCents,
    discountCents: result.discountCents,
    totalCents: result.totalCents,
    rulesVersion: version,
  };
}
