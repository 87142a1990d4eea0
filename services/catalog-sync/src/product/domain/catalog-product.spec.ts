import type { RetailerProduct } from '@looma-hub/contracts';
import { contentHash, fromRetailerProduct, productIdOf, searchCodes, searchKey, searchWords, vocabularyOf } from './catalog-product';
import { QuarantineReasons, readRetailerItems } from './retailer-items';

const retailer = (over: Partial<RetailerProduct> = {}): RetailerProduct =>
  ({
    id: 'P-1',
    sku: 'CAF-500',
    ean: '7891000100103',
    name: 'Café Pilão Tradicional 500g',
    description: 'Torrado e moído',
    manufacturer: 'JDE',
    brand: 'Pilão',
    categories: ['Mercearia', 'Café e Chá'],
    collections: [],
    priceCents: 1899,
    promoPriceCents: 1599,
    promoStart: '2026-12-01T00:00:00-03:00',
    promoEnd: '2026-12-10T23:59:59-03:00',
    stock: 12,
    active: true,
    variants: [],
    updatedAt: '2026-12-01T10:00:00-03:00',
    ...over,
  }) as RetailerProduct;

describe('catalog product domain', () => {
  it('folds accents and case the same way for accented and plain ASCII text', () => {
    expect(searchKey('  Café PILÃO  ')).toBe('cafe pilao');
    expect(searchKey('Tênis de Corrida')).toBe('tenis de corrida');
    expect(searchKey(' SKU-ABC 12 ')).toBe('sku-abc 12');
    expect(searchWords('Café Pilão 500g, 2x')).toEqual(['cafe', 'pilao', '500g', '2x']);
  });

  it('hashes what a product is, not how the retailer spelt the instant', () => {
    const a = fromRetailerProduct('t1', retailer());
    const b = fromRetailerProduct('t1', retailer({ promoStart: '2026-12-01T03:00:00Z', updatedAt: '2026-12-02T10:00:00-03:00' }));
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(fromRetailerProduct('t1', retailer({ stock: 11 })))).not.toBe(contentHash(a));
    expect(contentHash(fromRetailerProduct('t1', retailer({ promoPriceCents: 1499 })))).not.toBe(contentHash(a));
  });

  it('counts a collection change as a change, but not a reordering, a repeat or blanks around a name', () => {
    const none = fromRetailerProduct('t1', retailer());
    const summer = fromRetailerProduct('t1', retailer({ collections: ['Verão 2027', 'Volta às aulas'] }));
    expect(summer.collections).toEqual(['Verão 2027', 'Volta às aulas']);
    expect(contentHash(summer)).not.toBe(contentHash(none));
    expect(contentHash(fromRetailerProduct('t1', retailer({ collections: ['Verão 2027'] })))).not.toBe(contentHash(summer));
    const respelt = fromRetailerProduct('t1', retailer({ collections: [' Volta às aulas', 'Verão 2027 ', 'Verão 2027'] }));
    expect(respelt.collections).toEqual(['Verão 2027', 'Volta às aulas']);
    expect(contentHash(respelt)).toBe(contentHash(summer));
    // Pinned: a product without collections hashes as it did before they were stored, so none is re-announced.
    expect(contentHash(none)).toBe('OxkEwlLIYI8qe37XhHqGm7_hTbtSaWMUQ51aucotee8');
  });

  it('derives one hub id per tenant and retailer id', () => {
    expect(productIdOf('t1', 'P-1')).toBe(productIdOf('t1', 'P-1'));
    expect(productIdOf('t1', 'P-1')).not.toBe(productIdOf('t2', 'P-1'));
    expect(fromRetailerProduct('t1', retailer()).id).toBe(productIdOf('t1', 'P-1'));
  });

  it('indexes codes, categories, collections and makers as exact keys, and no tenant key', () => {
    const codes = searchCodes(
      fromRetailerProduct(
        't1',
        retailer({
          collections: ['Verão 2027'],
          variants: [{ id: 'P-1-G', sku: 'CAF-1KG', ean: null, color: null, size: '1kg', stock: 1, active: true }],
        } as never),
      ),
    );
    expect(codes).toEqual(
      expect.arrayContaining([
        'id:P-1',
        'sku:caf-500',
        'ean:7891000100103',
        'id:P-1-G',
        'sku:caf-1kg',
        'c:mercearia',
        'c:cafe e cha',
        'm:jde',
        'm:pilao',
        'col:verao 2027',
      ]),
    );
    expect(codes.some((c) => c.startsWith('t:'))).toBe(false);
    expect(vocabularyOf(fromRetailerProduct('t1', retailer()))).toEqual(
      expect.arrayContaining(['cafe', 'pilao', 'tradicional', 'mercearia']),
    );
    // Description words are searchable but not offered as typo corrections.
    expect(vocabularyOf(fromRetailerProduct('t1', retailer()))).not.toContain('torrado');
  });

  it('sorts a page into products and quarantined items, keeping the newest of duplicate ids', () => {
    const read = readRetailerItems([
      retailer(),
      { ...retailer(), stock: -5, id: 'P-2' },
      { name: 'sem id' },
      'not an object',
      retailer({ stock: 3, updatedAt: '2026-12-01T11:00:00-03:00' }),
      { ...retailer(), id: 'P-3', promoStart: '2026-12-10T00:00:00-03:00', promoEnd: '2026-12-01T00:00:00-03:00' },
      { ...retailer(), id: 'P-4', collections: Array.from({ length: 51 }, (_, i) => `Coleção ${i}`) },
      { ...retailer(), id: 'P-5', collections: ['x'.repeat(101)] },
      { ...retailer({ collections: undefined as never }), id: 'P-6' },
    ]);
    // A retailer that sends no collections: none.
    expect(read.products.map((p) => [p.id, p.stock, p.collections])).toEqual([
      ['P-1', 3, []],
      ['P-6', 12, []],
    ]);
    expect(read.rejected.map((r) => [r.externalId, r.reason]).sort()).toEqual(
      [
        ['P-1', QuarantineReasons.DuplicateId],
        ['P-2', QuarantineReasons.InvalidField],
        [null, QuarantineReasons.MissingId],
        [null, QuarantineReasons.NotAnObject],
        ['P-3', QuarantineReasons.PromoWindow],
        ['P-4', QuarantineReasons.TooLarge],
        ['P-5', QuarantineReasons.TooLarge],
      ].sort(),
    );
  });
});
