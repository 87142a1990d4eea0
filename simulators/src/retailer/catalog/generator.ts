import { toSaoPauloDate, toSaoPauloIso } from '../../common/dates';
import { ean13, type ProductRecord, type VariantRecord } from './product-record';
import { CLOSING_SENTENCES, COLLECTIONS, COLORS, type ProductTemplate, TEMPLATES } from './vocabulary';

const DAY = 86_400_000;

/** What makes a generated catalog: the same spec always gives the same products, product by product. */
export interface CatalogSpec {
  seed: number;
  size: number;
  /** The newest generated product's updatedAt (with no spread, every product's: all "as of" the catalog's creation). */
  baseTimeMs: number;
  /**
   * Milliseconds between the updatedAt of consecutive products (0 by default): product i was last touched
   * `(size - 1 - i) × stepMs` before baseTimeMs, as in a live catalog built up over time. Both ids and updatedAt
   * grow with the index, so (updatedAt, id) order stays index order.
   */
  stepMs?: number;
  /** Product ids are `<prefix><index, 7 digits>`. */
  idPrefix: string;
}

/** When generated product `index` was last changed (see CatalogSpec.stepMs), in whole milliseconds. */
export function generatedUpdatedAt(spec: CatalogSpec, index: number): number {
  return spec.baseTimeMs - Math.round((spec.size - 1 - index) * (spec.stepMs ?? 0));
}

/** The first generated index whose updatedAt is at or after `sinceMs` (updatedAt never decreases with the index). */
export function firstGeneratedSince(spec: CatalogSpec, sinceMs: number): number {
  let lo = 0;
  let hi = spec.size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (generatedUpdatedAt(spec, mid) < sinceMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// A small integer hash (murmur3's finalizer): the catalog is derived from (seed, index), never stored, so that a
// million products cost nothing until asked for and any one of them can be made on its own.
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

export function hash(seed: number, index: number, salt: number): number {
  return mix(mix(seed ^ Math.imul(index + 1, 0x9e3779b1)) ^ Math.imul(salt + 1, 0x27d4eb2f));
}

function pick<T>(list: readonly T[], h: number): T {
  return list[h % list.length] as T;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function productId(spec: Pick<CatalogSpec, 'idPrefix'>, index: number): string {
  return `${spec.idPrefix}${pad(index, 7)}`;
}

/** The index of a generated product id, or null when the id is not one (any more: beyond the size, or foreign). */
export function indexOf(spec: Pick<CatalogSpec, 'idPrefix'>, id: string, limit: number): number | null {
  if (!id.startsWith(spec.idPrefix)) return null;
  const digits = id.slice(spec.idPrefix.length);
  if (!/^\d{7,}$/.test(digits)) return null;
  const index = Number(digits);
  return index < limit && productId(spec, index) === id ? index : null;
}

/** A price ending in ,90 inside the range. */
function price(range: [number, number], h: number): number {
  const [min, max] = range;
  const v = min + (h % (max - min + 1));
  return Math.floor(v / 100) * 100 + 90;
}

function promotion(spec: CatalogSpec, listPrice: number, h: number): Pick<ProductRecord, 'promoPriceCents' | 'promoStart' | 'promoEnd'> {
  // 15 % of products have a promotion: a third running now, a third starting later, a third over.
  if (h % 100 >= 15 || listPrice < 500) return { promoPriceCents: null, promoStart: null, promoEnd: null };
  const promoPrice = Math.floor((listPrice * 0.85) / 100) * 100 + 90;
  const t0 = spec.baseTimeMs;
  const [from, to] = [
    [t0 - 3 * DAY, t0 + 7 * DAY],
    [t0 + 10 * DAY, t0 + 20 * DAY],
    [t0 - 30 * DAY, t0 - 10 * DAY],
  ][(h >>> 8) % 3] as [number, number];
  // Retailers write "de 01/12 a 07/12" as dates as often as they write instants: a third of them are dates.
  const asDates = (h >>> 12) % 3 === 0;
  return {
    promoPriceCents: promoPrice < listPrice ? promoPrice : listPrice - 100,
    promoStart: asDates ? toSaoPauloDate(from) : toSaoPauloIso(from),
    promoEnd: asDates ? toSaoPauloDate(to) : toSaoPauloIso(to),
  };
}

/** A fifth of products are in one collection, a tenth in two (distinct), the rest in none. */
export function collections(h: number): string[] {
  const share = h % 100;
  if (share >= 30) return [];
  const first = (h >>> 8) % COLLECTIONS.length;
  const picked = [COLLECTIONS[first] as string];
  if (share < 10) picked.push(COLLECTIONS[(first + 1 + ((h >>> 16) % (COLLECTIONS.length - 1))) % COLLECTIONS.length] as string);
  return picked;
}

function variants(
  t: ProductTemplate,
  id: string,
  sku: string,
  color: string | null,
  listPrice: number,
  index: number,
  seed: number,
): VariantRecord[] {
  const values = t.variantValues;
  if (!t.variantAxis || !values) return [];
  return values.map((value, k): VariantRecord => {
    const h = hash(seed, index, 100 + k);
    const isLast = k === values.length - 1;
    return {
      id: `${id}-${k + 1}`,
      sku: `${sku}-${value.replace(/\W/g, '')}`,
      ean: ean13(`78${pad((index * 8 + k) % 1e10, 10)}`),
      name: t.variantAxis === 'size' && color ? `${color} / ${value}` : value,
      color: t.variantAxis === 'size' ? color : null,
      size: t.variantAxis === 'size' ? value : null,
      // The largest size costs a little more: variants have their own price "when they differ".
      priceCents: t.variantAxis === 'size' && isLast && listPrice > 2000 ? listPrice + 1000 : null,
      promoPriceCents: null,
      stock: h % 7 === 0 ? 0 : h % 40,
      active: true,
    };
  });
}

/** Product `index` of the catalog `spec`. */
export function generateProduct(spec: CatalogSpec, index: number): ProductRecord {
  const h = (salt: number) => hash(spec.seed, index, salt);
  const t = pick(TEMPLATES, h(1));
  const type = pick(t.types, h(2));
  const brand = pick(t.brands, h(3));
  const line = pick(t.lines, h(4));
  const color = t.colored ? pick(COLORS, h(5)) : null;
  const size = t.sizes ? pick(t.sizes, h(6)) : null;
  const model =
    t.code === 'ELE' || t.code === 'ELP' || t.code === 'FER' ? ` ${String.fromCharCode(65 + (h(7) % 26))}${(h(7) % 900) + 100}` : '';
  const name = [type, brand, line, color, size].filter(Boolean).join(' ') + model;
  const id = productId(spec, index);
  const sku = `${t.code}-${brand
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 3)
    .toUpperCase()}-${pad(index, 7)}`;
  const first = h(8) % t.descriptions.length;
  const second = (first + 1 + (h(9) % (t.descriptions.length - 1))) % t.descriptions.length;
  const description = `${type} ${brand} ${line}. ${t.descriptions[first]} ${t.descriptions[second]} ${pick(CLOSING_SENTENCES, h(10))}`;
  const listPrice = price(t.priceRange, h(11));
  const vs = variants(t, id, sku, color, listPrice, index, spec.seed);
  const stock = vs.length ? vs.reduce((s, v) => s + v.stock, 0) : h(12) % 20 === 0 ? 0 : 1 + (h(12) % 300);
  const [wMin, wMax] = t.weightRange;
  return {
    id,
    sku,
    ean: ean13(`789${pad(index % 1e9, 9)}`),
    name,
    description,
    manufacturer: brand,
    brand,
    categories: t.categories,
    collections: collections(h(19)),
    priceCents: listPrice,
    ...promotion(spec, listPrice, h(13)),
    stock,
    active: h(14) % 50 !== 0,
    variants: vs,
    imageUrl: `https://cdn.loja-simulada.com.br/produtos/${id}.jpg`,
    url: `https://loja-simulada.com.br/p/${id}`,
    weightGrams: wMin + (h(15) % (wMax - wMin + 1)),
    heightCm: 5 + (h(16) % 40),
    widthCm: 5 + (h(17) % 40),
    lengthCm: 5 + (h(18) % 40),
    updatedAtMs: generatedUpdatedAt(spec, index),
  };
}
