import { promoBound, RetailerCatalogEventSchema, RetailerCatalogEventTypes, RetailerProductSchema } from './retailer-catalog';

const product = {
  id: '78912345',
  sku: 'CAM-POLO-AZ',
  ean: '7891234567895',
  name: 'Camiseta Polo Piquet Azul',
  description: 'Algodão penteado',
  manufacturer: 'Malwee',
  brand: 'Malwee',
  categories: ['Vestuário', 'Camisetas'],
  priceCents: 8990,
  promoPriceCents: 6990,
  promoStart: '2026-12-01',
  promoEnd: '2026-12-07T23:59:59-03:00',
  stock: 12,
  active: true,
  variants: [
    { id: '78912345-AZ-M', color: 'Azul', size: 'M', stock: 5 },
    { id: '78912345-AZ-G', color: 'Azul', size: 'G', stock: 7, priceCents: 9490 },
  ],
  updatedAt: '2026-11-30T18:00:00.000-03:00',
};

function issues(input: unknown): string[] {
  const r = RetailerProductSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('RetailerProductSchema', () => {
  it('accepts a full product and fills what a retailer may leave out', () => {
    const parsed = RetailerProductSchema.parse({
      id: '1',
      name: 'Café Pilão 500g',
      priceCents: 1899,
      stock: 0,
      active: true,
      updatedAt: '2026-11-30T12:00:00Z',
    });
    expect([parsed.categories, parsed.variants, parsed.sku]).toEqual([[], [], undefined]);
    expect(RetailerProductSchema.parse(product).variants.map((v) => v.active)).toEqual([true, true]);
  });

  it.each([
    ['a missing id', { ...product, id: undefined }, 'id'],
    ['a blank id', { ...product, id: '   ' }, 'id'],
    ['negative stock', { ...product, stock: -3 }, 'stock'],
    ['a price that is not a number', { ...product, priceCents: '89,90' }, 'priceCents'],
    ['a fractional price', { ...product, priceCents: 89.9 }, 'priceCents'],
    ['a promotion ending before it starts', { ...product, promoStart: '2026-12-10', promoEnd: '2026-12-01' }, 'promoEnd'],
    ['a promo price above the price', { ...product, promoPriceCents: 9990 }, 'promoPriceCents'],
    ['a 3 MB description', { ...product, description: 'x'.repeat(3 * 1024 * 1024) }, 'description'],
    ['an updatedAt without an offset', { ...product, updatedAt: '2026-11-30T18:00:00' }, 'updatedAt'],
    ['a repeated variant id', { ...product, variants: [product.variants[0], product.variants[0]] }, 'variants.1.id'],
    ['a variant with negative stock', { ...product, variants: [{ id: 'v', stock: -1 }] }, 'variants.0.stock'],
    ['a barcode that is not a GTIN', { ...product, ean: '12345' }, 'ean'],
  ])('rejects %s, naming the field', (_what, input, field) => {
    const found = issues(input);
    expect(found.map((i) => i.split(':')[0])).toContain(field);
  });

  it('reads a date-only promotion as whole São Paulo days', () => {
    expect(promoBound('2026-12-01', 'start')?.toISOString()).toBe('2026-12-01T03:00:00.000Z');
    expect(promoBound('2026-12-07', 'end')?.toISOString()).toBe('2026-12-08T02:59:59.999Z');
    expect(promoBound('2026-12-07T23:59:59-03:00', 'end')?.toISOString()).toBe('2026-12-08T02:59:59.000Z');
    expect([promoBound(null, 'start'), promoBound('not a date', 'end')]).toEqual([null, null]);
  });
});

describe('RetailerCatalogEventSchema', () => {
  const envelope = { specversion: '1.0', id: 'e-1', source: 'urn:retailer:t1', time: '2026-11-30T18:00:00-03:00', tenantid: 't1' };

  it('tells the four event types apart by `type`', () => {
    const stock = RetailerCatalogEventSchema.parse({
      ...envelope,
      type: RetailerCatalogEventTypes.stockChanged,
      data: { productId: '1', variantId: 'v1', stock: 4, updatedAt: '2026-11-30T18:00:00-03:00' },
    });
    expect(stock.type === RetailerCatalogEventTypes.stockChanged && stock.data.variantId).toBe('v1');
    const upsert = RetailerCatalogEventSchema.safeParse({ ...envelope, type: RetailerCatalogEventTypes.productUpserted, data: product });
    expect(upsert.success).toBe(true);
  });

  it('refuses an unknown type and a payload that does not fit its type', () => {
    expect(RetailerCatalogEventSchema.safeParse({ ...envelope, type: 'retailer.product.exploded.v1', data: {} }).success).toBe(false);
    const r = RetailerCatalogEventSchema.safeParse({
      ...envelope,
      type: RetailerCatalogEventTypes.priceChanged,
      data: { productId: '1', priceCents: -1, updatedAt: '2026-11-30T18:00:00-03:00' },
    });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toEqual(['data.priceCents']);
  });
});
