import { completeCnpj, completeCpf } from '../common/documents';
import { DAY_IN_MS, parseDateOnly, toSaoPauloDate, toSaoPauloIso } from '../common/dates';
import { ean13, type ProductRecord, type VariantRecord } from './catalog/product-record';
import { PricingRuleInputSchema, type PricingRuleInput } from '@looma-hub/contracts';
import { type DiscountRuleRecord } from './discount-rules';
import { type LoyaltyTier } from './retailer.types';

export interface RetailerCustomerRecord {
  id: string;
  name: string;
  /** Normalized CPF/CNPJ. */
  document: string;
  /** E.164 digits without "+", e.g. "5511987654321". */
  phone: string;
  tier: LoyaltyTier | null;
  /** Segments the retailer puts the customer in (discount rules may target them), e.g. `b2b`, `employee`. */
  segments: string[];
  active: boolean;
}

type Promo = 'active' | 'future' | 'expired' | null;

interface ProductSeed {
  sku: string;
  name: string;
  brand: string;
  description: string;
  manufacturer: string;
  categories: string[];
  /** The retailer's collections (coleções), none when absent. */
  collections?: string[];
  price: number;
  promo?: { price: number; window: Exclude<Promo, null> };
  stock: number;
  active?: boolean;
  /** Sold by size: each variant has its own id (`<product id>-<n>`), stock and, when given, price. */
  sizes?: { size: string; stock: number; price?: number }[];
  color?: string;
}

// Prices in centavos. Barcodes are synthetic (GS1 Brasil prefix 789) but carry valid check digits.
const PRODUCTS: ProductSeed[] = [
  {
    sku: 'MER-ARZ-TJ-5KG',
    name: 'Arroz Branco Tipo 1 Tio João 5kg',
    brand: 'Tio João',
    description: 'Arroz agulhinha tipo 1, grãos selecionados.',
    manufacturer: 'Tio João',
    categories: ['Alimentos', 'Mercearia'],
    price: 2899,
    promo: { price: 2499, window: 'active' },
    stock: 120,
  },
  {
    sku: 'MER-FEJ-CML-1KG',
    name: 'Feijão Carioca Camil 1kg',
    brand: 'Camil',
    description: 'Feijão carioca tipo 1, cozimento rápido.',
    manufacturer: 'Camil',
    categories: ['Alimentos', 'Mercearia'],
    price: 899,
    stock: 200,
  },
  {
    sku: 'MER-CAF-PIL-500',
    name: 'Café Torrado e Moído Pilão 500g',
    brand: 'Pilão',
    description: 'Café tradicional torrado e moído, embalagem a vácuo.',
    manufacturer: 'Pilão',
    categories: ['Alimentos', 'Mercearia'],
    price: 1949,
    promo: { price: 1699, window: 'active' },
    stock: 80,
  },
  {
    sku: 'MER-OLE-LIZ-900',
    name: 'Óleo de Soja Liza 900ml',
    brand: 'Liza',
    description: 'Óleo de soja refinado.',
    manufacturer: 'Cargill',
    categories: ['Alimentos', 'Mercearia'],
    price: 749,
    stock: 150,
  },
  {
    sku: 'MER-ACU-UNI-1KG',
    name: 'Açúcar Refinado União 1kg',
    brand: 'União',
    description: 'Açúcar refinado especial.',
    manufacturer: 'União',
    categories: ['Alimentos', 'Mercearia'],
    price: 549,
    stock: 0,
  },
  {
    sku: 'MER-LCD-MOC-395',
    name: 'Leite Condensado Moça 395g',
    brand: 'Moça',
    description: 'Leite condensado integral, lata.',
    manufacturer: 'Nestlé',
    categories: ['Alimentos', 'Mercearia'],
    price: 749,
    promo: { price: 599, window: 'future' },
    stock: 95,
  },
  {
    sku: 'BEB-GUA-ANT-2L',
    name: 'Refrigerante Guaraná Antarctica 2L',
    brand: 'Guaraná Antarctica',
    description: 'Refrigerante de guaraná, garrafa PET.',
    manufacturer: 'Ambev',
    categories: ['Bebidas'],
    price: 999,
    stock: 90,
  },
  {
    sku: 'BEB-CER-BRA-12X350',
    name: 'Cerveja Brahma Duplo Malte Lata 350ml (12 unidades)',
    brand: 'Brahma',
    description: 'Pack com 12 latas de cerveja puro malte.',
    manufacturer: 'Ambev',
    categories: ['Bebidas'],
    price: 4790,
    promo: { price: 3990, window: 'active' },
    stock: 40,
  },
  {
    sku: 'LIM-SAB-OMO-1600',
    name: 'Sabão em Pó Omo Lavagem Perfeita 1,6kg',
    brand: 'Omo',
    description: 'Sabão em pó para roupas brancas e coloridas.',
    manufacturer: 'Unilever',
    categories: ['Limpeza'],
    price: 2790,
    stock: 60,
  },
  {
    sku: 'HIG-PAP-NEV-12',
    name: 'Papel Higiênico Neve Folha Dupla 12 rolos',
    brand: 'Neve',
    description: 'Papel higiênico folha dupla, 30 m cada rolo.',
    manufacturer: 'Kimberly-Clark',
    categories: ['Higiene e Beleza'],
    price: 2390,
    promo: { price: 1990, window: 'expired' },
    stock: 75,
  },
  {
    sku: 'HIG-SHA-SED-325',
    name: 'Shampoo Seda Ceramidas 325ml',
    brand: 'Seda',
    description: 'Shampoo para cabelos danificados.',
    manufacturer: 'Unilever',
    categories: ['Higiene e Beleza'],
    price: 1599,
    stock: 70,
  },
  {
    sku: 'HIG-PRO-SUN-50',
    name: 'Protetor Solar Sundown FPS 50 200ml',
    brand: 'Sundown',
    description: 'Protetor solar resistente à água, FPS 50.',
    manufacturer: 'Johnson & Johnson',
    categories: ['Higiene e Beleza'],
    collections: ['Verão 2027'],
    price: 5990,
    stock: 25,
  },
  {
    sku: 'INF-FRA-PAM-G60',
    name: 'Fralda Pampers Confort Sec G 60 unidades',
    brand: 'Pampers',
    description: 'Fralda descartável tamanho G, até 12 horas seca.',
    manufacturer: 'Procter & Gamble',
    categories: ['Infantil'],
    price: 8990,
    promo: { price: 7990, window: 'active' },
    stock: 35,
  },
  {
    sku: 'CAL-CHI-HAV-3940',
    name: 'Chinelo Havaianas Top Preto 39/40',
    brand: 'Havaianas',
    description: 'Sandália de borracha, modelo Top.',
    manufacturer: 'Alpargatas',
    categories: ['Calçados'],
    collections: ['Verão 2027'],
    price: 4499,
    stock: 45,
  },
  {
    sku: 'CAS-PAN-ROC-45',
    name: 'Panela de Pressão Rochedo Turbo 4,5L',
    brand: 'Rochedo',
    description: 'Panela de pressão em alumínio com válvula de segurança.',
    manufacturer: 'Rochedo',
    categories: ['Casa e Cozinha'],
    price: 13990,
    stock: 12,
  },
  {
    sku: 'ELP-LIQ-MON-L99',
    name: 'Liquidificador Mondial Turbo Power L-99 550W',
    brand: 'Mondial',
    description: 'Liquidificador 2,2 L, 5 velocidades e função pulsar.',
    manufacturer: 'Mondial',
    categories: ['Eletroportáteis'],
    price: 12990,
    stock: 18,
  },
  {
    sku: 'ELP-AIR-MON-AF30',
    name: 'Fritadeira Air Fryer Mondial 4L AF-30',
    brand: 'Mondial',
    description: 'Fritadeira elétrica sem óleo, 4 litros, 1500W.',
    manufacturer: 'Mondial',
    categories: ['Eletroportáteis'],
    price: 39990,
    promo: { price: 32990, window: 'active' },
    stock: 9,
  },
  {
    sku: 'ELP-VEN-ARN-40',
    name: 'Ventilador Arno Turbo Silêncio 40cm',
    brand: 'Arno',
    description: 'Ventilador de mesa, 3 velocidades, 6 pás.',
    manufacturer: 'Arno',
    categories: ['Eletroportáteis'],
    price: 24990,
    stock: 14,
  },
  {
    sku: 'ELE-CEL-SAM-A15',
    name: 'Smartphone Samsung Galaxy A15 128GB',
    brand: 'Samsung',
    description: 'Tela 6,5", 4GB RAM, câmera tripla 50MP.',
    manufacturer: 'Samsung',
    categories: ['Eletrônicos'],
    price: 119900,
    stock: 7,
  },
  {
    sku: 'ELE-TV-LG-43UR',
    name: 'Smart TV LG 43" 4K UHD 43UR7800',
    brand: 'LG',
    description: 'Smart TV LED 43 polegadas, webOS, HDR10.',
    manufacturer: 'LG',
    categories: ['Eletrônicos'],
    price: 219900,
    stock: 3,
    active: false,
  },
  {
    sku: 'CMB-TOA-SAN-PRT',
    name: 'Toalha de Banho Santista Prata',
    brand: 'Santista',
    description: 'Toalha de banho 100% algodão, 70x135 cm.',
    manufacturer: 'Santista',
    categories: ['Cama, Mesa e Banho'],
    price: 3990,
    stock: 30,
  },
  {
    sku: 'VES-CAM-MAL-POLO-AZ',
    name: 'Camiseta Polo Malwee Piquet Azul-Marinho',
    brand: 'Malwee',
    description: 'Camiseta polo em algodão piquet, gola e punhos canelados.',
    manufacturer: 'Malwee',
    categories: ['Vestuário', 'Camisetas'],
    price: 7990,
    promo: { price: 5990, window: 'active' },
    stock: 0,
    color: 'Azul-Marinho',
    sizes: [
      { size: 'P', stock: 4 },
      { size: 'M', stock: 10 },
      { size: 'G', stock: 6 },
      { size: 'GG', stock: 0, price: 8990 },
    ],
  },
  {
    sku: 'CAL-TEN-OLY-CORRE-PT',
    name: 'Tênis de Corrida Olympikus Corre 3 Preto',
    brand: 'Olympikus',
    description: 'Tênis de corrida com amortecimento e cabedal respirável.',
    manufacturer: 'Olympikus',
    categories: ['Calçados', 'Tênis'],
    collections: ['Volta às aulas', 'Lançamentos'],
    price: 39990,
    stock: 0,
    color: 'Preto',
    sizes: [
      { size: '39', stock: 3 },
      { size: '40', stock: 5 },
      { size: '41', stock: 2 },
    ],
  },
];

function startOfDay(nowMs: number): number {
  return parseDateOnly(toSaoPauloDate(nowMs)) ?? nowMs;
}

function promoWindow(window: Exclude<Promo, null>, nowMs: number): { start: number; end: number } {
  const today = startOfDay(nowMs);
  const endOfDay = (dayStart: number): number => dayStart + DAY_IN_MS - 1000;
  switch (window) {
    case 'active':
      return { start: today - 2 * DAY_IN_MS, end: endOfDay(today + 5 * DAY_IN_MS) };
    case 'future':
      return { start: today + 10 * DAY_IN_MS, end: endOfDay(today + 17 * DAY_IN_MS) };
    case 'expired':
      return { start: today - 20 * DAY_IN_MS, end: endOfDay(today - 10 * DAY_IN_MS) };
  }
}

/** The seeded catalog, with promo windows relative to `nowMs` so the demo always has live promotions. */
export function seedProducts(nowMs: number): ProductRecord[] {
  return PRODUCTS.map((p, i): ProductRecord => {
    const window = p.promo ? promoWindow(p.promo.window, nowMs) : null;
    const id = String(1001 + i);
    const variants: VariantRecord[] = (p.sizes ?? []).map((v, k) => ({
      id: `${id}-${k + 1}`,
      sku: `${p.sku}-${v.size}`,
      ean: ean13(`7892000${String(10001 + i * 7 + k).padStart(5, '0')}`),
      name: p.color ? `${p.color} / ${v.size}` : v.size,
      color: p.color ?? null,
      size: v.size,
      priceCents: v.price ?? null,
      promoPriceCents: null,
      stock: v.stock,
      active: true,
    }));
    return {
      id,
      sku: p.sku,
      ean: ean13(`7891000${String(10001 + i * 7).padStart(5, '0')}`),
      name: p.name,
      description: p.description,
      manufacturer: p.manufacturer,
      brand: p.brand,
      categories: p.categories,
      collections: p.collections ?? [],
      priceCents: p.price,
      promoPriceCents: p.promo?.price ?? null,
      promoStart: window ? toSaoPauloIso(window.start) : null,
      promoEnd: window ? toSaoPauloIso(window.end) : null,
      stock: variants.length ? variants.reduce((sum, v) => sum + v.stock, 0) : p.stock,
      active: p.active ?? true,
      variants,
      imageUrl: null,
      url: null,
      weightGrams: null,
      heightCm: null,
      widthCm: null,
      lengthCm: null,
      // Distinct, ordered timestamps: a full sync walks them in seed order.
      updatedAtMs: nowMs - (PRODUCTS.length - i) * 60_000,
    };
  });
}

/**
 * The retailer's discount rules in the hub's pricing rule model: one of each action (percent-off with a cap,
 * amount-off per unit and per order, fixed price, "leve 3 pague 2", progressive by quantity and by cart value, free
 * shipping), each kind (promotion, customer by tier and by segment, coupon, catalog), targets by product, variant,
 * category and manufacturer of the demo catalog, the three combinations, and rules past, future and disabled.
 * Windows are relative to `nowMs` (the demo always has live rules); updatedAt are distinct, oldest first.
 */
export function seedDiscountRules(nowMs: number): DiscountRuleRecord[] {
  const today = startOfDay(nowMs);
  const day = (n: number): string => toSaoPauloIso(today + n * DAY_IN_MS);
  const endOfDay = (n: number): string => toSaoPauloIso(today + (n + 1) * DAY_IN_MS - 1000);
  const rules: PricingRuleInput[] = [
    {
      id: 'promo-semana-mercearia',
      name: 'Semana da Mercearia',
      description: '10% de desconto em toda a mercearia, até R$ 30,00 por pedido.',
      kind: 'promotion',
      target: { categories: ['Mercearia'] },
      conditions: { validFrom: day(-2), validUntil: endOfDay(5) },
      action: { type: 'percent-off', bps: 1000, maxDiscountCents: 3000 },
      priority: 50,
    },
    {
      id: 'promo-cafe-leve3-pague2',
      name: 'Café Pilão: leve 3, pague 2',
      description: 'Na compra de 3 pacotes de Café Pilão 500g, o mais barato sai de graça.',
      kind: 'promotion',
      target: { productIds: ['1003'] },
      conditions: { validFrom: day(-3), validUntil: endOfDay(10) },
      action: { type: 'buy-x-get-y', buy: 2, get: 1 },
      priority: 90,
      combination: 'exclusive',
    },
    {
      id: 'promo-ambev-2-reais',
      name: 'Bebidas Ambev: R$ 2,00 off por unidade',
      description: 'R$ 2,00 de desconto em cada unidade de bebidas da Ambev.',
      kind: 'promotion',
      target: { manufacturers: ['Ambev'] },
      conditions: { validFrom: day(-7), validUntil: endOfDay(22) },
      action: { type: 'amount-off', amountCents: 200, per: 'unit' },
      priority: 40,
    },
    {
      id: 'promo-relampago-airfryer',
      name: 'Oferta relâmpago: Air Fryer por R$ 299,90',
      description: 'Air Fryer Mondial AF-30 por R$ 299,90 a unidade, só nesta semana.',
      kind: 'promotion',
      target: { productIds: ['1017'] },
      conditions: { validFrom: day(-1), validUntil: endOfDay(3) },
      action: { type: 'fixed-price', unitPriceCents: 29990 },
      priority: 100,
      combination: 'exclusive',
    },
    {
      id: 'promo-higiene-progressiva',
      name: 'Higiene e Beleza: quanto mais, melhor',
      description: '5% a partir de 2 itens, 10% a partir de 3, 15% a partir de 5.',
      kind: 'promotion',
      target: { categories: ['Higiene e Beleza'] },
      action: {
        type: 'progressive',
        basis: 'quantity',
        tiers: [
          { min: 2, bps: 500 },
          { min: 3, bps: 1000 },
          { min: 5, bps: 1500 },
        ],
        maxDiscountCents: null,
      },
      priority: 30,
    },
    {
      id: 'promo-eletroportateis-por-valor',
      name: 'Eletroportáteis: desconto por valor',
      description: '3% acima de R$ 300,00, 5% acima de R$ 500,00, 8% acima de R$ 1.000,00 em eletroportáteis, até R$ 200,00.',
      kind: 'promotion',
      target: { categories: ['Eletroportáteis'] },
      action: {
        type: 'progressive',
        basis: 'cart-value',
        tiers: [
          { min: 30000, bps: 300 },
          { min: 50000, bps: 500 },
          { min: 100000, bps: 800 },
        ],
        maxDiscountCents: 20000,
      },
      priority: 20,
      combination: 'best-deal',
    },
    {
      id: 'promo-frete-gratis-199',
      name: 'Frete grátis acima de R$ 199,00',
      description: 'Frete grátis em pedidos a partir de R$ 199,00.',
      kind: 'promotion',
      conditions: { minCartValueCents: 19900 },
      action: { type: 'free-shipping' },
    },
    {
      id: 'promo-sextou-cerveja',
      name: 'Sextou: Brahma 15% off no WhatsApp',
      description: 'Sexta e sábado, das 18h às 22h, 15% de desconto no pack de Brahma pelo WhatsApp.',
      kind: 'promotion',
      target: { productIds: ['1008'] },
      conditions: { weekdays: [5, 6], hours: { from: '18:00', until: '22:00' }, channels: ['whatsapp'] },
      action: { type: 'percent-off', bps: 1500, maxDiscountCents: null },
      priority: 45,
    },
    {
      id: 'promo-carnaval-bebidas',
      name: 'Carnaval de Ofertas',
      description: '20% de desconto em bebidas (encerrada).',
      kind: 'promotion',
      target: { categories: ['Bebidas'] },
      conditions: { validFrom: day(-60), validUntil: endOfDay(-51) },
      action: { type: 'percent-off', bps: 2000, maxDiscountCents: null },
      priority: 50,
    },
    {
      id: 'promo-black-friday-eletronicos',
      name: 'Black Friday: eletrônicos e eletroportáteis 15% off',
      description: '15% de desconto em eletrônicos e eletroportáteis, até R$ 500,00 (ainda não vigente).',
      kind: 'promotion',
      target: { categories: ['Eletrônicos', 'Eletroportáteis'] },
      conditions: { validFrom: day(4), validUntil: endOfDay(7) },
      action: { type: 'percent-off', bps: 1500, maxDiscountCents: 50000 },
      priority: 70,
      combination: 'exclusive',
    },
    {
      id: 'promo-limpeza-5-reais',
      name: 'Limpeza: R$ 5,00 off no pedido',
      description: 'R$ 5,00 de desconto no pedido com produtos de limpeza (desativada pela loja).',
      kind: 'promotion',
      target: { categories: ['Limpeza'] },
      action: { type: 'amount-off', amountCents: 500, per: 'order' },
      enabled: false,
    },
    {
      id: 'cliente-ouro-5',
      name: 'Clube Ouro: 5% no pedido',
      description: '5% de desconto no pedido para clientes do nível ouro, até R$ 50,00.',
      kind: 'customer',
      conditions: { registeredOnly: true, tiers: ['gold'] },
      action: { type: 'percent-off', bps: 500, maxDiscountCents: 5000 },
      priority: 30,
    },
    {
      id: 'cliente-prata-3',
      name: 'Clube Prata: 3% no pedido',
      description: '3% de desconto no pedido para clientes do nível prata, até R$ 30,00.',
      kind: 'customer',
      conditions: { registeredOnly: true, tiers: ['silver'] },
      action: { type: 'percent-off', bps: 300, maxDiscountCents: 3000 },
      priority: 20,
    },
    {
      id: 'cliente-b2b-atacado',
      name: 'Atacado para empresas',
      description: 'Clientes empresa: 8% a partir de 12 unidades, 12% a partir de 24, em mercearia, bebidas e limpeza.',
      kind: 'customer',
      target: { categories: ['Mercearia', 'Bebidas', 'Limpeza'] },
      conditions: { segments: ['b2b'] },
      action: {
        type: 'progressive',
        basis: 'quantity',
        tiers: [
          { min: 12, bps: 800 },
          { min: 24, bps: 1200 },
        ],
        maxDiscountCents: null,
      },
      priority: 35,
    },
    {
      id: 'cliente-funcionario-15',
      name: 'Desconto de funcionário',
      description: '15% de desconto para funcionários da loja, até R$ 200,00 por pedido.',
      kind: 'customer',
      conditions: { segments: ['employee'] },
      action: { type: 'percent-off', bps: 1500, maxDiscountCents: 20000 },
      priority: 60,
      combination: 'best-deal',
    },
    {
      id: 'cliente-cadastrado-pampers',
      name: 'Cliente cadastrado: R$ 10,00 off em 2 pacotes de Pampers',
      description: 'Para clientes cadastrados, R$ 10,00 de desconto na compra de 2 ou mais pacotes de fralda Pampers.',
      kind: 'customer',
      target: { productIds: ['1013'] },
      conditions: { registeredOnly: true, minQuantity: 2 },
      action: { type: 'amount-off', amountCents: 1000, per: 'order' },
      priority: 25,
    },
    {
      id: 'cupom-bemvindo10',
      name: 'Cupom BEMVINDO10',
      description: 'R$ 10,00 de desconto na primeira compra acima de R$ 100,00.',
      kind: 'coupon',
      conditions: { validFrom: day(-30), validUntil: endOfDay(59), minCartValueCents: 10000 },
      action: { type: 'amount-off', amountCents: 1000, per: 'order' },
      coupon: { code: 'BEMVINDO10', usageLimit: 1000, perCustomerLimit: 1 },
      priority: 40,
    },
    {
      id: 'cupom-fretegratis',
      name: 'Cupom FRETEGRATIS',
      description: 'Frete grátis acima de R$ 99,00, até 3 vezes por cliente.',
      kind: 'coupon',
      conditions: { minCartValueCents: 9900 },
      action: { type: 'free-shipping' },
      coupon: { code: 'FRETEGRATIS', usageLimit: null, perCustomerLimit: 3 },
    },
    {
      id: 'cupom-malwee20',
      name: 'Cupom MALWEE20',
      description: '20% de desconto em peças Malwee.',
      kind: 'coupon',
      target: { manufacturers: ['Malwee'] },
      conditions: { validFrom: day(-5), validUntil: endOfDay(25) },
      action: { type: 'percent-off', bps: 2000, maxDiscountCents: null },
      coupon: { code: 'MALWEE20', usageLimit: 200, perCustomerLimit: 1 },
      priority: 40,
    },
    {
      id: 'cupom-black15',
      name: 'Cupom BLACK15',
      description: '15% de desconto em eletroportáteis na Black Friday, até R$ 100,00 (ainda não vigente).',
      kind: 'coupon',
      target: { categories: ['Eletroportáteis'] },
      conditions: { validFrom: day(4), validUntil: endOfDay(7) },
      action: { type: 'percent-off', bps: 1500, maxDiscountCents: 10000 },
      coupon: { code: 'BLACK15', usageLimit: 500, perCustomerLimit: 1 },
      priority: 45,
    },
    {
      id: 'cupom-natal20',
      name: 'Cupom NATAL20',
      description: 'R$ 20,00 de desconto acima de R$ 150,00 (encerrado).',
      kind: 'coupon',
      conditions: { validFrom: day(-40), validUntil: endOfDay(-21), minCartValueCents: 15000 },
      action: { type: 'amount-off', amountCents: 2000, per: 'order' },
      coupon: { code: 'NATAL20', usageLimit: 300, perCustomerLimit: 1 },
    },
    {
      id: 'catalogo-queima-tenis-olympikus',
      name: 'Queima de numeração: Olympikus Corre 3',
      description: 'R$ 30,00 de desconto por par nos números 39 e 41.',
      kind: 'catalog',
      target: { variantIds: ['1023-1', '1023-3'] },
      action: { type: 'amount-off', amountCents: 3000, per: 'unit' },
      priority: 10,
    },
  ];
  return rules.map((r, i) => ({
    rule: PricingRuleInputSchema.parse(r),
    updatedAtMs: nowMs - (rules.length - i) * 60_000,
    deleted: false,
  }));
}

/** The demo catalog's active product ids, categories and manufacturers: what generated rules target by default. */
export function demoCatalogTargets(): { productIds: string[]; categories: string[]; manufacturers: string[] } {
  const active = seedProducts(0).filter((p) => p.active);
  return {
    productIds: active.map((p) => p.id),
    categories: [...new Set(active.flatMap((p) => p.categories))],
    manufacturers: [...new Set(active.flatMap((p) => (p.manufacturer ? [p.manufacturer] : [])))],
  };
}

/** Customers known to the retailer's registration/loyalty base (for eligibility checks). */
export const RETAILER_CUSTOMERS: readonly RetailerCustomerRecord[] = [
  {
    id: 'cus-0001',
    name: 'Maria Aparecida da Silva',
    document: completeCpf('529982247'),
    phone: '5511987654321',
    tier: 'gold',
    segments: [],
    active: true,
  },
  {
    id: 'cus-0002',
    name: 'João Pedro Santos',
    document: completeCpf('111444777'),
    phone: '5521998765432',
    tier: 'silver',
    segments: ['employee'],
    active: true,
  },
  {
    id: 'cus-0003',
    name: 'Ana Beatriz Lima',
    document: completeCpf('390533447'),
    phone: '5531991234567',
    tier: null,
    segments: [],
    active: true,
  },
  {
    id: 'cus-0004',
    name: 'Carlos Eduardo Rocha',
    document: completeCpf('275836119'),
    phone: '5541988887777',
    tier: 'bronze',
    segments: [],
    active: false,
  },
  {
    id: 'cus-0005',
    name: 'Mercadinho Bom Preço Ltda',
    document: completeCnpj('334683260001'),
    phone: '5511933334444',
    tier: 'bronze',
    segments: ['b2b'],
    active: true,
  },
  {
    id: 'cus-0006',
    name: 'Padaria Pão de Mel Ltda',
    document: completeCnpj('112223330001'),
    phone: '5511944445555',
    tier: null,
    segments: ['b2b'],
    active: true,
  },
];
