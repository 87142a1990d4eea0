import { Injectable } from '@nestjs/common';
import { canonicalJson } from '../common/canonical-json';
import { parseIsoWithOffset, toSaoPauloIso } from '../common/dates';
import { prefixedId } from '../common/ids';
import { ClockService } from '../core/clock.service';
import { retailerError } from '../core/error-shapes';
import { ResetRegistry, type Resettable } from '../core/reset-registry';
import { RetailerProductSchema } from '@looma-hub/contracts';
import { fieldPath } from '../core/validation';
import { type CatalogChange, type ChangeKind, RetailerCatalog } from './catalog/retailer-catalog';
import { cloneRecord, type ProductRecord } from './catalog/product-record';
import { productDto } from './catalog/product-record';
import { type CursorKey, decodeCursor } from './product-cursor';
import { generateDiscountRules } from './discount-rule-generator';
import { DiscountRuleBook, type DiscountRuleRecord } from './discount-rules';
import { demoCatalogTargets, RETAILER_CUSTOMERS, type RetailerCustomerRecord, seedDiscountRules, seedProducts } from './retailer.fixtures';
import { type DiscountRulesGenerateInput, type ProductUpsert, type RegisterSaleInput } from './retailer.schemas';
import {
  type DiscountRulePage,
  type DiscountRuleSpec,
  type EligibilityDto,
  type ProductDto,
  type ProductPage,
  type SaleDto,
  type SaleStatus,
} from './retailer.types';

/** The catalog the plain `/retailer/v1` routes serve (the hand-written fixtures); others are `/retailer/catalogs/<name>/v1`. */
export const DEFAULT_CATALOG = 'default';

interface SaleRecord {
  /** The catalog whose stock the sale took. */
  catalog: string;
  saleId: string;
  orderId: string;
  tenantId: string | null;
  status: SaleStatus;
  customer: { name: string; document: string; phone: string | null; email: string | null };
  items: { productId: string; sku: string; quantity: number; unitPriceCents: number }[];
  totalCents: number;
  paymentMethod: string | null;
  notes: string | null;
  fingerprint: string;
  createdAtMs: number;
  updatedAtMs: number;
  completedAtMs: number | null;
  cancelledAtMs: number | null;
  cancelReason: string | null;
}

export type RegisterOutcome = { kind: 'created'; sale: SaleDto } | { kind: 'replayed'; sale: SaleDto };

export interface SaleInspection extends SaleDto {
  registrationCalls: number;
  cancelCalls: number;
  cancelReason: string | null;
}

/** The retailer's in-memory ERP: catalog, discount rules, customer base and registered sales. */
@Injectable()
export class RetailerStore implements Resettable {
  private catalogs = new Map<string, RetailerCatalog>();
  /** Set by reset(), which the constructor calls. */
  private rules!: DiscountRuleBook;
  private customers: RetailerCustomerRecord[] = [];
  private sales = new Map<string, SaleRecord>();
  private salesByOrderId = new Map<string, SaleRecord>();
  /** Every registration call per orderId (replays, conflicts and rejected ones too). */
  private registrationCalls = new Map<string, number>();
  private cancelCalls = new Map<string, number>();
  /** Bearer tokens the Retailer Integration API accepts; null = only the configured SIM_RETAILER_TOKEN. */
  private tokens: string[] | null = null;

  constructor(
    private readonly clock: ClockService,
    registry: ResetRegistry,
  ) {
    registry.register('retailer', this);
    this.reset();
  }

  reset(): void {
    const now = this.clock.now();
    this.catalogs = new Map([[DEFAULT_CATALOG, new RetailerCatalog(DEFAULT_CATALOG, () => this.clock.now(), null, seedProducts(now))]]);
    this.rules = new DiscountRuleBook(() => this.clock.now(), seedDiscountRules(now));
    this.customers = RETAILER_CUSTOMERS.map((c) => ({ ...c, segments: [...c.segments] }));
    this.sales = new Map();
    this.salesByOrderId = new Map();
    this.registrationCalls = new Map();
    this.cancelCalls = new Map();
    this.tokens = null;
  }

  // ---- credentials ---------------------------------------------------------------------------------------------

  /** The retailer rotates the hub's credentials: from now on only these tokens are accepted (null: the default). */
  setAcceptedTokens(tokens: string[] | null): void {
    this.tokens = tokens === null ? null : [...tokens];
  }

  acceptedTokens(fallback: string): string[] {
    return this.tokens ?? [fallback];
  }

  // ---- catalog -------------------------------------------------------------------------------------------------

  /** The named catalog; `retailer.catalog_not_found` (404) when there is none. */
  catalog(name: string = DEFAULT_CATALOG): RetailerCatalog {
    const found = this.catalogs.get(name);
    if (!found)
      throw retailerError(404, 'catalog_not_found', `No catalog ${name} (create it with PUT /_control/retailer/catalogs/${name})`);
    return found;
  }

  /** Creates (or replaces) a generated catalog: `size` products derived from `seed`, all as of now. */
  generateCatalog(
    name: string,
    spec: { size: number; seed: number; idPrefix: string; asOf?: string | undefined; spreadSeconds?: number },
  ): RetailerCatalog {
    const baseTimeMs = spec.asOf === undefined ? this.clock.now() : Date.parse(spec.asOf);
    const catalog = new RetailerCatalog(name, () => this.clock.now(), {
      size: spec.size,
      seed: spec.seed,
      idPrefix: spec.idPrefix,
      baseTimeMs,
      stepMs: spec.size > 1 ? ((spec.spreadSeconds ?? 0) * 1000) / (spec.size - 1) : 0,
    });
    this.catalogs.set(name, catalog);
    return catalog;
  }

  deleteCatalog(name: string): boolean {
    if (name === DEFAULT_CATALOG) throw retailerError(409, 'catalog_protected', 'The default catalog can be reset, not deleted');
    return this.catalogs.delete(name);
  }

  listProducts(
    query: { cursor?: string | undefined; limit: number; updatedSince?: string | undefined },
    catalogName?: string,
  ): ProductPage {
    const catalog = this.catalog(catalogName);
    const { after, sinceMs } = this.pageQuery(query);
    return catalog.list({ after, sinceMs, limit: query.limit });
  }

  getProduct(id: string, catalogName?: string): ProductDto | null {
    const p = this.catalog(catalogName).get(id);
    return p ? productDto(p) : null;
  }

  /**
   * Control API upsert: each input merged over the stored product (a new one needs id, name, priceCents and stock),
   * checked against the published contract, stored with a fresh, strictly increasing updatedAt.
   */
  upsertProducts(inputs: ProductUpsert[], catalogName?: string): ProductDto[] {
    const catalog = this.catalog(catalogName);
    const records = inputs.map((input, index) => {
      const existing = catalog.get(input.id);
      const field = (name: string): string => `items[${index}].${name}`;
      if (!existing) {
        for (const required of ['name', 'priceCents', 'stock'] as const) {
          if (input[required] === undefined) {
            throw retailerError(422, 'validation_failed', `${required} is required for a new product`, field(required));
          }
        }
      }
      const base: ProductRecord = existing
        ? cloneRecord(existing)
        : {
            id: input.id,
            sku: null,
            ean: null,
            name: '',
            description: null,
            manufacturer: null,
            brand: null,
            categories: [],
            priceCents: 0,
            promoPriceCents: null,
            promoStart: null,
            promoEnd: null,
            stock: 0,
            active: true,
            variants: [],
            imageUrl: null,
            url: null,
            weightGrams: null,
            heightCm: null,
            widthCm: null,
            lengthCm: null,
            updatedAtMs: 0,
          };
      const { variants, ...fields } = input;
      const record: ProductRecord = Object.assign(base, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
      if (variants !== undefined) {
        record.variants = variants.map((v) => ({
          id: v.id,
          sku: v.sku ?? null,
          ean: v.ean ?? null,
          name: v.name ?? null,
          color: v.color ?? null,
          size: v.size ?? null,
          priceCents: v.priceCents ?? null,
          promoPriceCents: v.promoPriceCents ?? null,
          stock: v.stock,
          active: v.active,
        }));
        if (input.stock === undefined && record.variants.length) record.stock = record.variants.reduce((sum, v) => sum + v.stock, 0);
      }
      const check = RetailerProductSchema.safeParse({ ...productDto({ ...record, updatedAtMs: this.clock.now() }) });
      if (!check.success) {
        const issue = check.error.issues[0];
        throw retailerError(
          422,
          'validation_failed',
          issue?.message ?? 'invalid product',
          `items[${index}].${fieldPath(issue?.path ?? [])}`,
        );
      }
      return record;
    });
    return catalog.put(records).map(productDto);
  }

  /** Control API: changes a share of a catalog's products (see RetailerCatalog.mutate). */
  changeProducts(
    catalogName: string,
    opts: { fraction?: number; count?: number; seed: number; kinds: readonly ChangeKind[] },
  ): CatalogChange[] {
    const catalog = this.catalog(catalogName);
    const count = opts.count ?? Math.max(1, Math.round(catalog.size() * (opts.fraction ?? 0)));
    return catalog.mutate({ count, seed: opts.seed, kinds: opts.kinds });
  }

  // ---- discount rules and eligibility --------------------------------------------------------------------------

  listDiscountRules(query: { cursor?: string | undefined; limit: number; updatedSince?: string | undefined }): DiscountRulePage {
    const { after, sinceMs } = this.pageQuery(query);
    return this.rules.list({ after, sinceMs, limit: query.limit });
  }

  /** Control API: creates or replaces rules, each with a fresh updatedAt. */
  upsertDiscountRules(rules: DiscountRuleSpec[]): DiscountRuleRecord[] {
    return this.rules.upsert(rules);
  }

  /** Control API: the retailer deletes rules; the feed keeps them disabled. 404 `rule_not_found` for an unknown id. */
  deleteDiscountRules(ids: string[]): DiscountRuleRecord[] {
    ids.forEach((id, i) => {
      if (!this.rules.get(id)) throw retailerError(404, 'rule_not_found', `No discount rule ${id}`, `ids[${i}]`);
    });
    return this.rules.delete(ids);
  }

  /** Control API: `count` synthetic rules from `seed` (see generateDiscountRule), all stamped with one updatedAt. */
  generateDiscountRules(input: DiscountRulesGenerateInput): DiscountRuleRecord[] {
    const targets = demoCatalogTargets();
    const rules = generateDiscountRules({
      count: input.count,
      seed: input.seed,
      idPrefix: input.idPrefix,
      asOfMs: input.asOf === undefined ? this.clock.now() : Date.parse(input.asOf),
      productIds: input.products ?? targets.productIds,
      categories: input.categories ?? targets.categories,
      manufacturers: input.manufacturers ?? targets.manufacturers,
    });
    return this.rules.upsertAsOf(rules);
  }

  /**
   * Whether the retailer knows the customer (`registered`: an active registration), its loyalty tier and segments;
   * `eligible` for loyalty discounts takes an active customer with a tier.
   */
  eligibility(query: { document?: string | undefined; phone?: string | undefined }): EligibilityDto {
    const customer = this.customers.find(
      (c) =>
        (query.document !== undefined && c.document === query.document) ||
        (query.phone !== undefined && phoneMatches(c.phone, query.phone)),
    );
    if (!customer) return { eligible: false, registered: false, tier: null, segments: [], reasons: ['customer_not_found'] };
    const known = { tier: customer.tier, segments: [...customer.segments] };
    if (!customer.active) return { eligible: false, registered: false, ...known, reasons: ['customer_inactive'] };
    const segmentReasons = customer.segments.map((s) => `segment_${s}`);
    if (customer.tier === null)
      return { eligible: false, registered: true, ...known, reasons: ['not_a_loyalty_member', ...segmentReasons] };
    return { eligible: true, registered: true, ...known, reasons: ['loyalty_member', `tier_${customer.tier}`, ...segmentReasons] };
  }

  /** A feed query's cursor and updatedSince, checked (422 `invalid_cursor` / `validation_failed`). */
  private pageQuery(query: { cursor?: string | undefined; updatedSince?: string | undefined }): {
    after: CursorKey | null;
    sinceMs: number | null;
  } {
    let sinceMs: number | null = null;
    if (query.updatedSince !== undefined) {
      sinceMs = parseIsoWithOffset(query.updatedSince);
      if (sinceMs === null) {
        throw retailerError(
          422,
          'validation_failed',
          'updatedSince must be ISO 8601 with an offset, e.g. 2026-11-23T10:00:00-03:00',
          'updatedSince',
        );
      }
    }
    const after = query.cursor !== undefined ? decodeCursor(query.cursor) : null;
    if (query.cursor !== undefined && after === null) {
      throw retailerError(422, 'invalid_cursor', 'cursor is not one this API issued', 'cursor');
    }
    return { after, sinceMs };
  }

  // ---- sales ---------------------------------------------------------------------------------------------------

  countRegistrationCall(orderId: string): void {
    this.registrationCalls.set(orderId, (this.registrationCalls.get(orderId) ?? 0) + 1);
  }

  /**
   * Registers a sale, idempotent by orderId: the same orderId with the same content gives back the first sale;
   * with different content it is a conflict. Stock is checked and reserved atomically (no await in between).
   */
  registerSale(input: RegisterSaleInput, catalogName?: string): RegisterOutcome {
    const catalog = this.catalog(catalogName);
    const normalized = normalizeSale(input, catalog);
    const fingerprint = canonicalJson(normalized);
    const existing = this.salesByOrderId.get(input.orderId);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw retailerError(
          409,
          'order_id_conflict',
          `orderId ${input.orderId} was already registered with different content as sale ${existing.saleId}`,
          'orderId',
        );
      }
      return { kind: 'replayed', sale: saleDto(existing) };
    }
    this.checkSale(normalized, catalog);
    const now = this.clock.now();
    for (const item of normalized.items) catalog.adjustStock(item.productId, -item.quantity);
    const sale: SaleRecord = {
      catalog: catalog.name,
      saleId: prefixedId('sale'),
      orderId: normalized.orderId,
      tenantId: normalized.tenantId,
      status: 'registered',
      customer: normalized.customer,
      items: normalized.items,
      totalCents: normalized.totalCents,
      paymentMethod: normalized.paymentMethod,
      notes: normalized.notes,
      fingerprint,
      createdAtMs: now,
      updatedAtMs: now,
      completedAtMs: null,
      cancelledAtMs: null,
      cancelReason: null,
    };
    this.sales.set(sale.saleId, sale);
    this.salesByOrderId.set(sale.orderId, sale);
    return { kind: 'created', sale: saleDto(sale) };
  }

  getSale(saleId: string): SaleDto {
    return saleDto(this.requireSale(saleId));
  }

  /** Idempotent: cancelling a cancelled sale returns it unchanged. Stock goes back to the shelf once. */
  cancelSale(saleId: string, reason: string | null): SaleDto {
    this.cancelCalls.set(saleId, (this.cancelCalls.get(saleId) ?? 0) + 1);
    const sale = this.requireSale(saleId);
    if (sale.status === 'cancelled') return saleDto(sale);
    this.restock(sale);
    const now = this.clock.now();
    sale.status = 'cancelled';
    sale.cancelledAtMs = now;
    sale.updatedAtMs = now;
    sale.cancelReason = reason;
    return saleDto(sale);
  }

  /**
   * Cancels the sale registered for an order, whatever its sale id: lets the hub compensate a registration
   * whose answer it never received. 404 `sale_not_found` when no sale exists for that order.
   */
  cancelSaleByOrder(orderId: string, reason: string | null): SaleDto {
    const sale = this.salesByOrderId.get(orderId);
    if (!sale) throw retailerError(404, 'sale_not_found', `No sale for order ${orderId}`);
    return this.cancelSale(sale.saleId, reason);
  }

  /** Control API: the retailer finishes (or cancels) a sale on its side. */
  setSaleStatus(saleId: string, status: 'completed' | 'cancelled'): SaleDto {
    const sale = this.requireSale(saleId);
    if (status === 'cancelled') return this.cancelSale(saleId, 'cancelled by the retailer');
    if (sale.status === 'cancelled') throw retailerError(409, 'sale_cancelled', `Sale ${saleId} is cancelled and cannot be completed`);
    if (sale.status === 'registered') {
      const now = this.clock.now();
      sale.status = 'completed';
      sale.completedAtMs = now;
      sale.updatedAtMs = now;
    }
    return saleDto(sale);
  }

  inspectSales(): { items: SaleInspection[]; registrationCalls: Record<string, number> } {
    const items = [...this.sales.values()]
      .sort((a, b) => a.createdAtMs - b.createdAtMs)
      .map((s) => ({
        ...saleDto(s),
        registrationCalls: this.registrationCalls.get(s.orderId) ?? 0,
        cancelCalls: this.cancelCalls.get(s.saleId) ?? 0,
        cancelReason: s.cancelReason,
      }));
    return { items, registrationCalls: Object.fromEntries(this.registrationCalls) };
  }

  private requireSale(saleId: string): SaleRecord {
    const sale = this.sales.get(saleId);
    if (!sale) throw retailerError(404, 'sale_not_found', `No sale ${saleId}`, 'saleId');
    return sale;
  }

  private checkSale(sale: NormalizedSale, catalog: RetailerCatalog): void {
    const wanted = new Map<string, number>();
    let itemsTotal = 0;
    sale.items.forEach((item, i) => {
      const product = catalog.get(item.productId);
      if (!product) throw retailerError(422, 'unknown_product', `No product ${item.productId}`, `items[${i}].productId`);
      if (!product.active) throw retailerError(422, 'product_inactive', `Product ${item.productId} is inactive`, `items[${i}].productId`);
      if (item.sku !== product.sku && !product.variants.some((v) => v.sku === item.sku)) {
        throw retailerError(
          422,
          'sku_mismatch',
          `sku ${item.sku} does not belong to product ${item.productId} (${product.sku})`,
          `items[${i}].sku`,
        );
      }
      const quantity = (wanted.get(item.productId) ?? 0) + item.quantity;
      wanted.set(item.productId, quantity);
      if (quantity > product.stock) {
        throw retailerError(
          422,
          'insufficient_stock',
          `Product ${item.productId} has ${product.stock} in stock, ${quantity} requested`,
          `items[${i}].quantity`,
        );
      }
      itemsTotal += item.quantity * item.unitPriceCents;
    });
    if (sale.totalCents > itemsTotal) {
      throw retailerError(422, 'total_exceeds_items', `totalCents ${sale.totalCents} is above the items' sum ${itemsTotal}`, 'totalCents');
    }
  }

  private restock(sale: SaleRecord): void {
    const catalog = this.catalogs.get(sale.catalog);
    for (const item of sale.items) catalog?.adjustStock(item.productId, item.quantity);
  }
}

type NormalizedSale = Omit<
  SaleRecord,
  'catalog' | 'saleId' | 'status' | 'fingerprint' | 'createdAtMs' | 'updatedAtMs' | 'completedAtMs' | 'cancelledAtMs' | 'cancelReason'
>;

function normalizeSale(input: RegisterSaleInput, catalog: RetailerCatalog): NormalizedSale {
  return {
    orderId: input.orderId,
    tenantId: input.tenantId ?? null,
    customer: {
      name: input.customer.name,
      document: input.customer.document,
      phone: input.customer.phone ?? null,
      email: input.customer.email?.toLowerCase() ?? null,
    },
    items: input.items.map((i) => ({
      productId: i.productId,
      sku: i.sku ?? catalog.get(i.productId)?.sku ?? '',
      quantity: i.quantity,
      unitPriceCents: i.unitPriceCents,
    })),
    totalCents: input.totalCents,
    paymentMethod: input.paymentMethod ?? null,
    notes: input.notes ?? null,
  };
}

function phoneMatches(stored: string, query: string): boolean {
  // Accept national numbers too: "11987654321" matches "5511987654321".
  return stored === query || stored === `55${query}`;
}

const iso = (ms: number | null): string | null => (ms === null ? null : toSaoPauloIso(ms));

function saleDto(s: SaleRecord): SaleDto {
  return {
    saleId: s.saleId,
    orderId: s.orderId,
    tenantId: s.tenantId,
    status: s.status,
    customer: { ...s.customer },
    items: s.items.map((i) => ({ ...i })),
    totalCents: s.totalCents,
    paymentMethod: s.paymentMethod,
    notes: s.notes,
    createdAt: toSaoPauloIso(s.createdAtMs),
    updatedAt: toSaoPauloIso(s.updatedAtMs),
    completedAt: iso(s.completedAtMs),
    cancelledAt: iso(s.cancelledAtMs),
  };
}
