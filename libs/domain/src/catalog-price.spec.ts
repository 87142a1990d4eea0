import { effectivePriceCents, nextPriceTransition, promotionInForce, variantPricing } from './catalog-price';
import { endOfDayInSaoPaulo, parseIsoDate, startOfDayInSaoPaulo } from './time-window';

const at = (iso: string): Date => new Date(iso);
// "Promoção de 01/12 a 07/12": São Paulo days, read as instants when the retailer's data was stored.
const december = {
  priceCents: 4990,
  promoPriceCents: 3990,
  promoStart: startOfDayInSaoPaulo(parseIsoDate('2026-12-01')),
  promoEnd: endOfDayInSaoPaulo(parseIsoDate('2026-12-07')),
};

describe('effectivePriceCents', () => {
  it('is the promo price inside the window, São Paulo days included to their last millisecond', () => {
    expect(effectivePriceCents(december, at('2026-12-01T03:00:00.000Z'))).toBe(3990); // 00:00 in São Paulo
    expect(effectivePriceCents(december, at('2026-12-08T02:59:59.999Z'))).toBe(3990); // 23:59:59.999 on the 7th
  });

  it('is the list price before and after the window, however close', () => {
    expect(effectivePriceCents(december, at('2026-12-01T02:59:59.999Z'))).toBe(4990); // 23:59:59.999 on 30/11 in São Paulo
    expect(effectivePriceCents(december, at('2026-12-08T03:00:00.000Z'))).toBe(4990);
    // Midnight UTC of the 1st is still the 30th in São Paulo: a UTC reading of "from the 1st" would be 3 h early.
    expect(effectivePriceCents(december, at('2026-12-01T00:00:00.000Z'))).toBe(4990);
  });

  it('treats a missing end as open, and no promo price as no promotion', () => {
    const open = { ...december, promoEnd: null };
    expect(effectivePriceCents(open, at('2030-01-01T00:00:00Z'))).toBe(3990);
    expect(effectivePriceCents({ ...december, promoPriceCents: null }, at('2026-12-03T12:00:00Z'))).toBe(4990);
    expect(promotionInForce({ ...december, promoStart: null, promoEnd: null }, at('1999-01-01T00:00:00Z'))).toBe(true);
  });
});

describe('variantPricing', () => {
  it('inherits the product promotion when the variant has no price of its own', () => {
    const v = variantPricing(december, { priceCents: null, promoPriceCents: null });
    expect(effectivePriceCents(v, at('2026-12-03T12:00:00Z'))).toBe(3990);
  });

  it('does not apply the product promo price to a variant with its own list price', () => {
    const v = variantPricing(december, { priceCents: 5990, promoPriceCents: null });
    expect(effectivePriceCents(v, at('2026-12-03T12:00:00Z'))).toBe(5990);
  });

  it("uses the variant's promo price inside the product's window", () => {
    const v = variantPricing(december, { priceCents: 5990, promoPriceCents: 4490 });
    expect([effectivePriceCents(v, at('2026-12-03T12:00:00Z')), effectivePriceCents(v, at('2026-12-09T12:00:00Z'))]).toEqual([4490, 5990]);
  });
});

describe('nextPriceTransition', () => {
  it('is the start before the window, the millisecond after the end inside it, nothing after it', () => {
    expect(nextPriceTransition(december, at('2026-11-20T00:00:00Z'))?.toISOString()).toBe('2026-12-01T03:00:00.000Z');
    expect(nextPriceTransition(december, at('2026-12-03T00:00:00Z'))?.toISOString()).toBe('2026-12-08T03:00:00.000Z');
    expect(nextPriceTransition(december, at('2026-12-08T03:00:00.000Z'))).toBeNull();
    expect(nextPriceTransition({ ...december, promoPriceCents: null }, at('2026-11-20T00:00:00Z'))).toBeNull();
  });
});
