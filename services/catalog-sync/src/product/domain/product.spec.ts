import {
  contentHash,
  effectivePriceCents,
  InvalidProductError,
  latestPerProduct,
  normalizeRetailerProduct,
  type RetailerProductInput,
} from './product';

const base: RetailerProductInput = {
  id: '1003',
  sku: 'MER-CAF-PIL-500',
  barcode: '7891000100159',
  name: 'Café Torrado e Moído Pilão 500g',
  description: 'Café tradicional.',
  manufacturer: 'Pilão',
  category: 'mercearia',
  priceCents: 1949,
  promoPriceCents: 1699,
  promoStart: '2026-03-01T00:00:00-03:00',
  promoEnd: '2026-03-31T23:59:59-03:00',
  stock: 80,
  active: true,
  updatedAt: '2026-02-20T10:00:00.000-03:00',
};

describe('normalizeRetailerProduct', () => {
  it('turns empty optional texts into null and parses instants with their offset', () => {
    const p = normalizeRetailerProduct({ ...base, barcode: '', manufacturer: '  ' });
    expect(p.barcode).toBeNull();
    expect(p.manufacturer).toBeNull();
    expect(p.promoStart?.toISOString()).toBe('2026-03-01T03:00:00.000Z');
    expect(p.sourceUpdatedAt.toISOString()).toBe('2026-02-20T13:00:00.000Z');
  });

  it('reads timestamps without offset, and date-only promo ends, in São Paulo time', () => {
    const p = normalizeRetailerProduct({ ...base, promoStart: '2026-03-01T08:00:00', promoEnd: '2026-03-31' });
    expect(p.promoStart?.toISOString()).toBe('2026-03-01T11:00:00.000Z');
    // The whole last day counts: 23:59:59.999 in São Paulo is 02:59:59.999Z the next day.
    expect(p.promoEnd?.toISOString()).toBe('2026-04-01T02:59:59.999Z');
  });

  it('refuses a product it cannot price or place in time, naming the field', () => {
    expect(() => normalizeRetailerProduct({ ...base, priceCents: 19.49 })).toThrow(InvalidProductError);
    expect(() => normalizeRetailerProduct({ ...base, priceCents: -1 })).toThrow('priceCents');
    expect(() => normalizeRetailerProduct({ ...base, name: ' ' })).toThrow('name is missing');
    expect(() => normalizeRetailerProduct({ ...base, promoEnd: '31/03/2026' })).toThrow('promoEnd');
    expect(() => normalizeRetailerProduct({ ...base, promoStart: '2026-04-01T00:00:00-03:00' })).toThrow('promoEnd is before promoStart');
  });
});

describe('contentHash', () => {
  const hash = (input: RetailerProductInput) => contentHash(normalizeRetailerProduct(input));

  it('ignores the retailer touching updatedAt and how an instant is spelled', () => {
    expect(hash({ ...base, updatedAt: '2026-02-21T09:00:00Z' })).toBe(hash(base));
    expect(hash({ ...base, promoStart: '2026-03-01T03:00:00Z' })).toBe(hash(base));
  });

  it('changes with every field a customer or a price could notice', () => {
    const original = hash(base);
    const variants: Partial<RetailerProductInput>[] = [
      { priceCents: 1950 },
      { promoPriceCents: null },
      { promoEnd: '2026-03-30T23:59:59-03:00' },
      { stock: 79 },
      { active: false },
      { name: 'Café Pilão 500g' },
      { sku: 'X' },
      { barcode: '7891000100160' },
      { description: null },
      { category: 'bebidas' },
      { manufacturer: 'JDE' },
    ];
    const hashes = variants.map((v) => hash({ ...base, ...v }));
    for (const h of hashes) expect(h).not.toBe(original);
    expect(new Set(hashes).size).toBe(variants.length);
  });

  it('keeps a missing description apart from the text "null"', () => {
    expect(hash({ ...base, description: 'null' })).not.toBe(hash({ ...base, description: null }));
  });
});

describe('effectivePriceCents', () => {
  const p = normalizeRetailerProduct(base);

  it('is the promo price inside the window, ends included', () => {
    expect(effectivePriceCents(p, new Date('2026-03-01T03:00:00.000Z'))).toBe(1699);
    expect(effectivePriceCents(p, new Date('2026-04-01T02:59:59.000Z'))).toBe(1699);
  });

  it('is the list price just outside the window, in São Paulo terms', () => {
    // 2026-02-28 23:59:59 in São Paulo: still February there although it is March in UTC.
    expect(effectivePriceCents(p, new Date('2026-03-01T02:59:59.000Z'))).toBe(1949);
    expect(effectivePriceCents(p, new Date('2026-04-01T03:00:00.000Z'))).toBe(1949);
  });

  it('treats a missing end as open and no promo price as none', () => {
    const open = { ...p, promoEnd: null };
    expect(effectivePriceCents(open, new Date('2030-01-01T00:00:00Z'))).toBe(1699);
    expect(effectivePriceCents({ ...p, promoPriceCents: null }, new Date('2026-03-10T12:00:00Z'))).toBe(1949);
    expect(effectivePriceCents({ ...p, promoStart: null, promoEnd: null }, new Date('2020-01-01T00:00:00Z'))).toBe(1699);
  });
});

describe('latestPerProduct', () => {
  it('keeps one version per product, the most recently updated', () => {
    const older = normalizeRetailerProduct({ ...base, stock: 1, updatedAt: '2026-02-20T10:00:00-03:00' });
    const newer = normalizeRetailerProduct({ ...base, stock: 2, updatedAt: '2026-02-20T10:00:01-03:00' });
    const other = normalizeRetailerProduct({ ...base, id: '1004' });
    expect(latestPerProduct([newer, older, other]).map((x) => [x.externalId, x.stock])).toEqual([
      ['1003', 2],
      ['1004', 80],
    ]);
  });
});
