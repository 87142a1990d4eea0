import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProductChangedV1 } from '@looma-hub/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { PricedVariant } from './product-price.entity';

/** A product as a quote reads it. */
export interface PricedProduct {
  productId: string;
  externalId: string;
  sku: string | null;
  ean: string | null;
  name: string;
  manufacturer: string | null;
  brand: string | null;
  categories: string[];
  collections: string[];
  priceCents: number;
  promoPriceCents: number | null;
  promoStart: Date | null;
  promoEnd: Date | null;
  active: boolean;
  variants: PricedVariant[];
}

interface Row {
  product_id: string;
  external_id: string;
  sku: string | null;
  ean: string | null;
  name: string;
  manufacturer: string | null;
  brand: string | null;
  categories: string[];
  collections: string[];
  price_cents: string;
  promo_price_cents: string | null;
  promo_start: Date | null;
  promo_end: Date | null;
  active: boolean;
  variants: PricedVariant[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The products' pricing facts (the read model of product-changed events): applied in batches, read by code. */
@Injectable()
export class ProductPrices {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One batch of product-changed events of one tenant, in one statement; for each product the newest event of the
   * batch, stored only when its sequence is above the one held (a replay or an older event changes nothing).
   */
  async apply(m: EntityManager, tenantId: string, events: readonly ProductChangedV1[]): Promise<number> {
    const newest = new Map<string, ProductChangedV1>();
    for (const e of events) {
      const held = newest.get(e.productId);
      if (!held || e.sequence > held.sequence) newest.set(e.productId, e);
    }
    if (newest.size === 0) return 0;
    const rows = [...newest.values()].map((e) => ({
      product_id: e.productId,
      external_id: e.externalId,
      sku: e.sku,
      ean: e.ean,
      name: e.name,
      manufacturer: e.manufacturer,
      brand: e.brand,
      categories: e.categories,
      collections: e.collections,
      price_cents: e.priceCents,
      promo_price_cents: e.promoPriceCents,
      promo_start: e.promoStart,
      promo_end: e.promoEnd,
      active: e.active,
      variants: e.variants.map((v) => ({
        id: v.id,
        sku: v.sku,
        ean: v.ean,
        name: v.name,
        priceCents: v.priceCents,
        promoPriceCents: v.promoPriceCents,
        active: v.active,
      })),
      sequence: e.sequence,
    }));
    await m.query(
      `INSERT INTO "pricing"."product_price" AS p (tenant_id, product_id, external_id, sku, ean, name, manufacturer, brand, categories,
         collections, price_cents, promo_price_cents, promo_start, promo_end, active, variants, sequence)
       SELECT $1, r.product_id, r.external_id, r.sku, r.ean, r.name, r.manufacturer, r.brand, r.categories, r.collections, r.price_cents,
         r.promo_price_cents, r.promo_start, r.promo_end, r.active, r.variants, r.sequence
         FROM jsonb_to_recordset($2::jsonb) AS r(product_id uuid, external_id text, sku text, ean text, name text, manufacturer text,
           brand text, categories text[], collections text[], price_cents bigint, promo_price_cents bigint, promo_start timestamptz,
           promo_end timestamptz, active boolean, variants jsonb, sequence bigint)
       ON CONFLICT (tenant_id, product_id) DO UPDATE SET external_id = EXCLUDED.external_id, sku = EXCLUDED.sku, ean = EXCLUDED.ean,
         name = EXCLUDED.name, manufacturer = EXCLUDED.manufacturer, brand = EXCLUDED.brand, categories = EXCLUDED.categories,
         collections = EXCLUDED.collections, price_cents = EXCLUDED.price_cents, promo_price_cents = EXCLUDED.promo_price_cents,
         promo_start = EXCLUDED.promo_start, promo_end = EXCLUDED.promo_end, active = EXCLUDED.active, variants = EXCLUDED.variants,
         sequence = EXCLUDED.sequence, updated_at = now()
       WHERE p.sequence < EXCLUDED.sequence`,
      [tenantId, JSON.stringify(rows)],
    );
    return rows.length;
  }

  /**
   * Products by code, one query for a whole cart: the hub's id, the retailer's id, a SKU (case ignored) or an EAN, in
   * that order of preference, an active product before an inactive one. One entry per code; null where none.
   */
  async byCodes(tenantId: string, codes: readonly string[]): Promise<(PricedProduct | null)[]> {
    const wanted = codes.map((c) => c.trim());
    const distinct = [...new Set(wanted.filter(Boolean))];
    if (distinct.length === 0) return wanted.map(() => null);
    const uuids = distinct.filter((c) => UUID.test(c)).map((c) => c.toLowerCase());
    const rows = (await this.dataSource.query(
      `SELECT product_id, external_id, sku, ean, name, manufacturer, brand, categories, collections, price_cents, promo_price_cents,
              promo_start, promo_end, active, variants
         FROM "pricing"."product_price"
        WHERE tenant_id = $1 AND (product_id = ANY($2::uuid[]) OR external_id = ANY($3::text[])
              OR (sku IS NOT NULL AND lower(sku) = ANY($4::text[])) OR (ean IS NOT NULL AND ean = ANY($3::text[])))`,
      [tenantId, uuids, distinct, distinct.map((c) => c.toLowerCase())],
    )) as Row[];
    const ranked = rows.sort((a, b) => Number(b.active) - Number(a.active) || (a.product_id < b.product_id ? -1 : 1)).map(toProduct);
    return wanted.map((c) => {
      if (!c) return null;
      const lower = c.toLowerCase();
      return (
        ranked.find((p) => p.productId === lower) ??
        ranked.find((p) => p.externalId === c) ??
        ranked.find((p) => p.sku !== null && p.sku.toLowerCase() === lower) ??
        ranked.find((p) => p.ean === c) ??
        null
      );
    });
  }

  async purgeTenant(tenantId: string): Promise<number> {
    const out = (await this.dataSource.query(`DELETE FROM "pricing"."product_price" WHERE tenant_id = $1`, [tenantId])) as [
      unknown,
      number,
    ];
    return out[1] ?? 0;
  }
}

function toProduct(r: Row): PricedProduct {
  return {
    productId: r.product_id,
    externalId: r.external_id,
    sku: r.sku,
    ean: r.ean,
    name: r.name,
    manufacturer: r.manufacturer,
    brand: r.brand,
    categories: r.categories,
    collections: r.collections,
    priceCents: Number(r.price_cents),
    promoPriceCents: r.promo_price_cents === null ? null : Number(r.promo_price_cents),
    promoStart: r.promo_start,
    promoEnd: r.promo_end,
    active: r.active,
    variants: r.variants,
  };
}
