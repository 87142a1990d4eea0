import { createHash } from 'node:crypto';
import { CatalogErrors } from '@looma-hub/contracts';
import { DomainError, endOfDayInSaoPaulo, isWithin, parseInstant, parseIsoDate, startOfDayInSaoPaulo, timeWindow } from '@looma-hub/domain';

/**
 * A retailer product as the hub stores it: optional text fields are null rather than '', instants are
 * `Date`s (parsed São Paulo-aware), money in centavos.
 */
export interface CatalogProduct {
  externalId: string;
  sku: string | null;
  barcode: string | null;
  name: string;
  description: string | null;
  manufacturer: string | null;
  category: string | null;
  priceCents: number;
  promoPriceCents: number | null;
  promoStart: Date | null;
  promoEnd: Date | null;
  stock: number;
  active: boolean;
  sourceUpdatedAt: Date;
}

/** What the Retailer Integration API sends for one product (connectors' `RetailerProduct`). */
export interface RetailerProductInput {
  id: string;
  sku?: string | null;
  barcode?: string | null;
  name: string;
  description?: string | null;
  manufacturer?: string | null;
  category?: string | null;
  priceCents: number;
  promoPriceCents?: number | null;
  promoStart?: string | null;
  promoEnd?: string | null;
  stock: number;
  active: boolean;
  updatedAt: string;
}

export class InvalidProductError extends DomainError {
  constructor(
    readonly externalId: string,
    field: string,
    reason: string,
  ) {
    super(CatalogErrors.ProductInvalid, `product ${externalId}: ${field} ${reason}`, { field, details: { productId: externalId } });
  }
}

/**
 * Validates and normalizes one retailer product. Timestamps without an offset are read as São Paulo wall-clock
 * time; a date-only promo start means the start of that São Paulo day and a date-only end its last
 * millisecond (retailers write "valid until 31/03" as a date).
 */
export function normalizeRetailerProduct(input: RetailerProductInput): CatalogProduct {
  const id = typeof input.id === 'string' ? input.id.trim() : '';
  if (!id) throw new InvalidProductError(String(input.id), 'id', 'is missing');
  const fail = (field: string, reason: string): never => {
    throw new InvalidProductError(id, field, reason);
  };
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name) fail('name', 'is missing');
  if (!isCentavos(input.priceCents)) fail('priceCents', 'must be a non-negative integer (centavos)');
  const promoPriceCents = input.promoPriceCents ?? null;
  if (promoPriceCents !== null && !isCentavos(promoPriceCents)) fail('promoPriceCents', 'must be a non-negative integer or null');
  if (!Number.isSafeInteger(input.stock)) fail('stock', 'must be an integer');
  if (typeof input.active !== 'boolean') fail('active', 'must be a boolean');
  const promoStart = readInstant(input.promoStart, 'start', () => fail('promoStart', 'is not an ISO 8601 timestamp'));
  const promoEnd = readInstant(input.promoEnd, 'end', () => fail('promoEnd', 'is not an ISO 8601 timestamp'));
  if (promoStart && promoEnd && promoStart.getTime() > promoEnd.getTime()) fail('promoEnd', 'is before promoStart');
  const sourceUpdatedAt = readInstant(input.updatedAt, 'start', () => fail('updatedAt', 'is not an ISO 8601 timestamp'));
  if (!sourceUpdatedAt) return fail('updatedAt', 'is missing');
  return {
    externalId: id,
    sku: text(input.sku),
    barcode: text(input.barcode),
    name,
    description: text(input.description),
    manufacturer: text(input.manufacturer),
    category: text(input.category),
    priceCents: input.priceCents,
    promoPriceCents,
    promoStart,
    promoEnd,
    stock: input.stock,
    active: input.active,
    sourceUpdatedAt,
  };
}

/**
 * Fingerprint of what a product *is* (not when the retailer last touched it): a re-sent product with the same
 * content hashes the same, so the upsert skips it and no event is emitted. `updatedAt` is left out on
 * purpose; instants enter as epoch milliseconds so `-03:00` and `Z` spellings of one instant agree.
 */
export function contentHash(p: Omit<CatalogProduct, 'sourceUpdatedAt'>): string {
  const canonical = JSON.stringify([
    'v1',
    p.externalId,
    p.sku,
    p.barcode,
    p.name,
    p.description,
    p.manufacturer,
    p.category,
    p.priceCents,
    p.promoPriceCents,
    p.promoStart?.getTime() ?? null,
    p.promoEnd?.getTime() ?? null,
    p.stock,
    p.active,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * The price in force at `now`: the promo price inside its window (both ends inclusive, a missing end is
 * open), the list price otherwise. The window ends are instants, so comparing them with `now` is exact
 * whatever offset the retailer wrote them in.
 */
export function effectivePriceCents(
  p: Pick<CatalogProduct, 'priceCents' | 'promoPriceCents' | 'promoStart' | 'promoEnd'>,
  now: Date,
): number {
  if (p.promoPriceCents === null) return p.priceCents;
  if (p.promoStart === null && p.promoEnd === null) return p.promoPriceCents;
  return isWithin(timeWindow(p.promoStart, p.promoEnd), now) ? p.promoPriceCents : p.priceCents;
}

/** Keeps the most recent version of each product when a page repeats one (one upsert cannot touch a row twice). */
export function latestPerProduct(products: CatalogProduct[]): CatalogProduct[] {
  const byId = new Map<string, CatalogProduct>();
  for (const p of products) {
    const seen = byId.get(p.externalId);
    if (!seen || seen.sourceUpdatedAt.getTime() <= p.sourceUpdatedAt.getTime()) byId.set(p.externalId, p);
  }
  return [...byId.values()];
}

function isCentavos(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function text(v: string | null | undefined): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function readInstant(v: string | null | undefined, side: 'start' | 'end', onInvalid: () => never): Date | null {
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return null;
  if (typeof v !== 'string') return onInvalid();
  try {
    const s = v.trim();
    if (DATE_ONLY.test(s)) {
      const day = parseIsoDate(s);
      return side === 'start' ? startOfDayInSaoPaulo(day) : endOfDayInSaoPaulo(day);
    }
    return parseInstant(s, { withoutOffset: 'sao-paulo' });
  } catch {
    return onInvalid();
  }
}
