import { hash } from 'node:crypto';
import { promoBound, type RetailerProduct } from '@looma-hub/contracts';
import { v5 as uuidv5 } from 'uuid';

/** A variant as the catalog stores it (inside its product): the retailer's, optional texts null, never blank. */
export interface CatalogVariant {
  id: string;
  sku: string | null;
  ean: string | null;
  name: string;
  color: string | null;
  size: string | null;
  priceCents: number | null;
  promoPriceCents: number | null;
  stock: number;
  active: boolean;
}

/**
 * A retailer product as the hub stores it: optional texts null rather than blank, promotion bounds as instants (a
 * date-only bound already made a whole São Paulo day), money in centavos, the hub's id derived from the retailer's.
 */
export interface CatalogProduct {
  id: string;
  tenantId: string;
  externalId: string;
  sku: string | null;
  ean: string | null;
  name: string;
  description: string | null;
  manufacturer: string | null;
  brand: string | null;
  categories: string[];
  /** The retailer's collections (coleções): a set, kept deduplicated and in text order, so a reordering is no change. */
  collections: string[];
  priceCents: number;
  promoPriceCents: number | null;
  promoStart: Date | null;
  promoEnd: Date | null;
  stock: number;
  active: boolean;
  variants: CatalogVariant[];
  imageUrl: string | null;
  url: string | null;
  weightGrams: number | null;
  heightCm: number | null;
  widthCm: number | null;
  lengthCm: number | null;
  /** The retailer's updatedAt of this version: an older version never overwrites a newer one. */
  sourceUpdatedAt: Date;
}

// The hub's product ids are name-based (UUID v5 of tenant and retailer id): the same product always has the same
// id, so a lookup by the retailer's id needs no second index, and a re-created tenant keeps its ids.
const PRODUCT_ID_NAMESPACE = '0b5e7a3e-8f39-5d8e-9c61-2f4a7d1c9b60';

export function productIdOf(tenantId: string, externalId: string): string {
  return uuidv5(`${tenantId}\n${externalId}`, PRODUCT_ID_NAMESPACE);
}

function text(v: string | null | undefined): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/** A product the contract's schema accepted, as the catalog stores it. */
export function fromRetailerProduct(tenantId: string, p: RetailerProduct): CatalogProduct {
  const externalId = p.id.trim();
  return {
    id: productIdOf(tenantId, externalId),
    tenantId,
    externalId,
    sku: text(p.sku),
    ean: text(p.ean),
    name: p.name.trim(),
    description: text(p.description),
    manufacturer: text(p.manufacturer),
    brand: text(p.brand),
    categories: p.categories.map((c) => c.trim()).filter(Boolean),
    collections: [...new Set(p.collections.map((c) => c.trim()).filter(Boolean))].sort(),
    priceCents: p.priceCents,
    promoPriceCents: p.promoPriceCents ?? null,
    promoStart: promoBound(p.promoStart, 'start'),
    promoEnd: promoBound(p.promoEnd, 'end'),
    stock: p.stock,
    active: p.active,
    variants: p.variants.map((v) => {
      const color = text(v.color);
      const size = text(v.size);
      return {
        id: v.id.trim(),
        sku: text(v.sku),
        ean: text(v.ean),
        name: text(v.name) ?? ([color, size].filter(Boolean).join(' / ') || v.id.trim()),
        color,
        size,
        priceCents: v.priceCents ?? null,
        promoPriceCents: v.promoPriceCents ?? null,
        stock: v.stock,
        active: v.active,
      };
    }),
    imageUrl: text(p.imageUrl),
    url: text(p.url),
    weightGrams: p.weightGrams ?? null,
    heightCm: p.heightCm ?? null,
    widthCm: p.widthCm ?? null,
    lengthCm: p.lengthCm ?? null,
    sourceUpdatedAt: new Date(p.updatedAt),
  };
}

/**
 * Fingerprint of what a product *is*, not of when the retailer last touched it: a re-sent product with the same
 * content hashes the same, so the upsert skips it and emits nothing. Instants enter as epoch milliseconds so the
 * `-03:00` and `Z` spellings of one instant agree.
 */
export function contentHash(p: CatalogProduct): string {
  const canonical = JSON.stringify([
    'v2',
    p.externalId,
    p.sku,
    p.ean,
    p.name,
    p.description,
    p.manufacturer,
    p.brand,
    p.categories,
    p.priceCents,
    p.promoPriceCents,
    p.promoStart?.getTime() ?? null,
    p.promoEnd?.getTime() ?? null,
    p.stock,
    p.active,
    p.variants.map((v) => [v.id, v.sku, v.ean, v.name, v.color, v.size, v.priceCents, v.promoPriceCents, v.stock, v.active]),
    p.imageUrl,
    p.url,
    p.weightGrams,
    p.heightCm,
    p.widthCm,
    p.lengthCm,
    // Only when there are some: a product without collections keeps the hash it had before they were stored, so
    // adding them re-announces no unchanged product.
    ...(p.collections.length ? [p.collections] : []),
  ]);
  return hash('sha256', canonical, 'base64url');
}

const ASCII = /^[ -~]*$/;

/** Accent- and case-folded text, the form every search key and query is compared in ("Café" → "cafe"). */
export function searchKey(value: string): string {
  // Plain ASCII has no accents to strip: skip the (costly) normalisation, as most codes and many words are.
  if (ASCII.test(value)) return value.toLowerCase().trim();
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}

/** The words of a text in search form: "Café Pilão 500g" → cafe, pilao, 500g. */
export function searchWords(value: string): string[] {
  return searchKey(value)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 2);
}

/**
 * Exact-match keys of a product, stored as lexemes of its search document (one GIN index serves words, codes and
 * filters): ids, SKUs and EANs of product and variants (`id:`, `sku:`, `ean:`), categories (`c:`), collections
 * (`col:`), manufacturer and brand (`m:`). Lexemes are taken as they are, so a code keeps its punctuation. The tenant
 * is not one of them: a lexeme every product of a big tenant carries makes each query's index scan walk a posting
 * list of the whole catalog; `tenant_id = $1` is checked on the rows the words found instead.
 */
export function searchCodes(p: CatalogProduct): string[] {
  const codes = new Set<string>([`id:${p.externalId}`]);
  const add = (prefix: string, v: string | null) => {
    if (v) codes.add(`${prefix}:${searchKey(v)}`);
  };
  add('sku', p.sku);
  add('ean', p.ean);
  for (const v of p.variants) {
    codes.add(`id:${v.id}`);
    add('sku', v.sku);
    add('ean', v.ean);
  }
  for (const c of p.categories) add('c', c);
  for (const c of p.collections) add('col', c);
  add('m', p.manufacturer);
  add('m', p.brand);
  return [...codes];
}

/** The words typo correction may suggest: those of names, brands, manufacturers and categories (not descriptions). */
export function vocabularyOf(p: CatalogProduct): string[] {
  return [p.name, p.brand ?? '', p.manufacturer ?? '', ...p.categories].flatMap(searchWords).filter((w) => !/^\d+$/.test(w));
}

/** The bounds as the retailer's promotion window (null: no promotion). */
export function promotionOf(p: Pick<CatalogProduct, 'promoPriceCents' | 'promoStart' | 'promoEnd'>) {
  return p.promoPriceCents === null ? null : { priceCents: p.promoPriceCents, start: p.promoStart, end: p.promoEnd };
}
