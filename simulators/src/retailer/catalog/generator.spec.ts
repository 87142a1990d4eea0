import { RetailerProductSchema } from '@looma-hub/contracts';
import { type CatalogSpec, generateProduct } from './generator';
import { productDto } from './product-record';
import { RetailerCatalog } from './retailer-catalog';
import { COLLECTIONS } from './vocabulary';

const spec: CatalogSpec = { seed: 7, size: 10_000, baseTimeMs: Date.parse('2026-11-20T12:00:00Z'), idPrefix: 'G' };

describe('generated catalog collections', () => {
  it('puts a fixed share of products in one or two distinct collections, the same ones every time', () => {
    const products = Array.from({ length: spec.size }, (_, i) => generateProduct(spec, i));
    const bySize = [0, 0, 0];
    const odd: string[] = [];
    for (const p of products) {
      const collections = p.collections ?? [];
      bySize[collections.length] = (bySize[collections.length] ?? 0) + 1;
      if (new Set(collections).size !== collections.length || !collections.every((c) => COLLECTIONS.includes(c))) odd.push(p.id);
    }
    expect(odd).toEqual([]);
    // A fifth in one, a tenth in two (of 10,000 products, within a point of it).
    expect(Math.abs((bySize[1] ?? 0) / spec.size - 0.2)).toBeLessThan(0.01);
    expect(Math.abs((bySize[2] ?? 0) / spec.size - 0.1)).toBeLessThan(0.01);
    expect(bySize[0]).toBe(spec.size - (bySize[1] ?? 0) - (bySize[2] ?? 0));
    // Derived from (seed, index): asked again, the same collections; every product still the contract's.
    expect(generateProduct(spec, 1234).collections).toEqual(products[1234]?.collections);
    const served = RetailerProductSchema.parse(productDto(products.find((p) => p.collections?.length === 2)!));
    expect(served.collections).toHaveLength(2);
  });

  it('moves products into or out of a collection: always a different set, never more than two', () => {
    let now = spec.baseTimeMs;
    const catalog = new RetailerCatalog('c', () => (now += 1_000), { ...spec, size: 200 });
    const before = new Map(Array.from({ length: 200 }, (_, i) => [`G${String(i).padStart(7, '0')}`, generateProduct(spec, i)]));
    const changes = catalog.mutate({ count: 50, seed: 3, kinds: ['collections'] });
    expect(changes.map((c) => c.kind)).toEqual(Array(50).fill('collections'));
    for (const c of changes) {
      const old = [...(before.get(c.productId)?.collections ?? [])].sort();
      const next = [...(catalog.get(c.productId)?.collections ?? [])].sort();
      expect(next).not.toEqual(old);
      expect(next.length).toBeLessThanOrEqual(2);
      expect(new Set(next).size).toBe(next.length);
      // Only the collections moved (and the version).
      expect({ ...catalog.get(c.productId), collections: [], updatedAtMs: 0 }).toEqual({
        ...before.get(c.productId),
        collections: [],
        updatedAtMs: 0,
      });
    }
  });
});
