import type { RetailerProductInput } from '@looma-hub/contracts';
import { toSaoPauloIso } from '../../common/dates';

/** A variant as the simulated ERP keeps it. */
export interface VariantRecord {
  id: string;
  sku: string | null;
  ean: string | null;
  name: string | null;
  color: string | null;
  size: string | null;
  priceCents: number | null;
  promoPriceCents: number | null;
  stock: number;
  active: boolean;
}

/**
 * A product as the simulated ERP keeps it: money in centavos, promotion bounds as the retailer writes them (an
 * instant with offset, or a date), the version as epoch ms.
 */
export interface ProductRecord {
  id: string;
  sku: string | null;
  ean: string | null;
  name: string;
  description: string | null;
  manufacturer: string | null;
  brand: string | null;
  categories: string[];
  /** The retailer's collections (coleções); absent: none (a product the control API created). */
  collections?: string[];
  priceCents: number;
  promoPriceCents: number | null;
  promoStart: string | null;
  promoEnd: string | null;
  stock: number;
  active: boolean;
  variants: VariantRecord[];
  imageUrl: string | null;
  url: string | null;
  weightGrams: number | null;
  heightCm: number | null;
  widthCm: number | null;
  lengthCm: number | null;
  updatedAtMs: number;
}

/** The record as the Retailer Integration API answers it (the contract's RetailerProduct). */
export function productDto(p: ProductRecord): RetailerProductInput {
  return {
    id: p.id,
    sku: p.sku,
    ean: p.ean,
    name: p.name,
    description: p.description,
    manufacturer: p.manufacturer,
    brand: p.brand,
    categories: p.categories,
    collections: p.collections ?? [],
    priceCents: p.priceCents,
    promoPriceCents: p.promoPriceCents,
    promoStart: p.promoStart,
    promoEnd: p.promoEnd,
    stock: p.stock,
    active: p.active,
    variants: p.variants,
    imageUrl: p.imageUrl,
    url: p.url,
    weightGrams: p.weightGrams,
    heightCm: p.heightCm,
    widthCm: p.widthCm,
    lengthCm: p.lengthCm,
    updatedAt: toSaoPauloIso(p.updatedAtMs),
  };
}

/** Copies a record deeply enough that changing the copy (or its variants) leaves the original alone. */
export function cloneRecord(p: ProductRecord): ProductRecord {
  return { ...p, categories: [...p.categories], collections: [...(p.collections ?? [])], variants: p.variants.map((v) => ({ ...v })) };
}

/** EAN-13 with its check digit, from the 12-digit body. */
export function ean13(body12: string): string {
  const sum = [...body12].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return `${body12}${(10 - (sum % 10)) % 10}`;
}
