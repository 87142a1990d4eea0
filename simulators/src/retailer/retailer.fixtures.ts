import { completeCnpj, completeCpf } from '../common/documents';
import { DAY_IN_MS, parseDateOnly, toSaoPauloDate, toSaoPauloIso } from '../common/dates';
import { ean13, type ProductRecord, type VariantRecord } from './catalog/product-record';
import { type DiscountKind, type LoyaltyTier } from './retailer.types';

export interface DiscountRuleRecord {
  id: string;
  name: string;
  description: string;
  kind: DiscountKind;
  discountType: 'amount' | 'percentage';
  amountCents: number | null;
  percentageBps: number | null;
  scope: 'order' | 'product' | 'category';
  productIds: string[];
  categories: string[];
  couponCode: string | null;
  loyaltyTiers: LoyaltyTier[];
  minOrderCents: number | null;
  minQuantity: number | null;
  maxDiscountCents: number | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  priority: number;
  stackable: boolean;
  validFromMs: number;
  validUntilMs: number | null;
  active: boolean;
  updatedAtMs: number;
}

export interface RetailerCustomerRecord {
  id: string;
  name: string;
  /** Normalized CPF/CNPJ. */
  document: string;
  /** E.164 digits without "+", e.g. "5511987654321". */
  phone: string;
  tier: LoyaltyTier | null;
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

export function seedDiscountRules(nowMs: number): DiscountRuleRecord[] {
  const today = startOfDay(nowMs);
  const base = {
    amountCents: null,
    percentageBps: null,
    productIds: [],
    categories: [],
    couponCode: null,
    loyaltyTiers: [],
    minOrderCents: null,
    minQuantity: null,
    maxDiscountCents: null,
    usageLimit: null,
    perCustomerLimit: null,
    stackable: false,
    active: true,
    validUntilMs: null,
    updatedAtMs: nowMs - 3_600_000,
  } satisfies Partial<DiscountRuleRecord>;
  return [
    {
      ...base,
      id: 'rule-promo-mercearia',
      name: 'Semana da Mercearia',
      description: '10% de desconto em toda a mercearia por tempo limitado.',
      kind: 'promotion',
      discountType: 'percentage',
      percentageBps: 1000,
      scope: 'category',
      categories: ['Mercearia'],
      priority: 50,
      validFromMs: today - 2 * DAY_IN_MS,
      validUntilMs: today + 6 * DAY_IN_MS - 1000,
    },
    {
      ...base,
      id: 'rule-loyalty-gold',
      name: 'Clube Ouro',
      description: '5% de desconto no pedido para clientes do nível ouro, até R$ 50,00.',
      kind: 'loyalty',
      discountType: 'percentage',
      percentageBps: 500,
      scope: 'order',
      loyaltyTiers: ['gold'],
      maxDiscountCents: 5000,
      priority: 30,
      stackable: true,
      validFromMs: today - 365 * DAY_IN_MS,
    },
    {
      ...base,
      id: 'rule-loyalty-silver',
      name: 'Clube Prata',
      description: '3% de desconto no pedido para clientes prata ou ouro, até R$ 30,00.',
      kind: 'loyalty',
      discountType: 'percentage',
      percentageBps: 300,
      scope: 'order',
      loyaltyTiers: ['silver', 'gold'],
      maxDiscountCents: 3000,
      priority: 20,
      validFromMs: today - 365 * DAY_IN_MS,
    },
    {
      ...base,
      id: 'rule-coupon-bemvindo10',
      name: 'Cupom BEMVINDO10',
      description: 'R$ 10,00 de desconto na primeira compra acima de R$ 100,00.',
      kind: 'coupon',
      discountType: 'amount',
      amountCents: 1000,
      scope: 'order',
      couponCode: 'BEMVINDO10',
      minOrderCents: 10000,
      usageLimit: 1000,
      perCustomerLimit: 1,
      priority: 40,
      stackable: true,
      validFromMs: today - 30 * DAY_IN_MS,
      validUntilMs: today + 60 * DAY_IN_MS - 1000,
    },
    {
      ...base,
      id: 'rule-coupon-blackfriday',
      name: 'Cupom BLACK15',
      description: '15% de desconto em eletroportáteis na Black Friday (ainda não vigente).',
      kind: 'coupon',
      discountType: 'percentage',
      percentageBps: 1500,
      scope: 'category',
      categories: ['Eletroportáteis'],
      couponCode: 'BLACK15',
      maxDiscountCents: 10000,
      usageLimit: 500,
      perCustomerLimit: 1,
      priority: 45,
      validFromMs: today + 4 * DAY_IN_MS,
      validUntilMs: today + 8 * DAY_IN_MS - 1000,
    },
    {
      ...base,
      id: 'rule-product-airfryer',
      name: 'Air Fryer: leve 2 e ganhe R$ 50,00',
      description: 'R$ 50,00 de desconto na Air Fryer AF-30 a partir de 2 unidades.',
      kind: 'product',
      discountType: 'amount',
      amountCents: 5000,
      scope: 'product',
      productIds: ['1017'],
      minQuantity: 2,
      priority: 60,
      validFromMs: today - 7 * DAY_IN_MS,
      validUntilMs: today + 23 * DAY_IN_MS - 1000,
    },
    {
      ...base,
      id: 'rule-category-limpeza',
      name: 'Limpeza 5%',
      description: '5% de desconto em produtos de limpeza, acumulável.',
      kind: 'category',
      discountType: 'percentage',
      percentageBps: 500,
      scope: 'category',
      categories: ['Limpeza'],
      priority: 10,
      stackable: true,
      validFromMs: today - 90 * DAY_IN_MS,
    },
    {
      ...base,
      id: 'rule-promo-carnaval-expired',
      name: 'Carnaval de Ofertas',
      description: '20% de desconto em bebidas (encerrada).',
      kind: 'promotion',
      discountType: 'percentage',
      percentageBps: 2000,
      scope: 'category',
      categories: ['Bebidas'],
      priority: 50,
      active: false,
      validFromMs: today - 60 * DAY_IN_MS,
      validUntilMs: today - 50 * DAY_IN_MS - 1000,
    },
  ];
}

/** Customers known to the retailer's registration/loyalty base (for eligibility checks). */
export const RETAILER_CUSTOMERS: readonly RetailerCustomerRecord[] = [
  {
    id: 'cus-0001',
    name: 'Maria Aparecida da Silva',
    document: completeCpf('529982247'),
    phone: '5511987654321',
    tier: 'gold',
    active: true,
  },
  {
    id: 'cus-0002',
    name: 'João Pedro Santos',
    document: completeCpf('111444777'),
    phone: '5521998765432',
    tier: 'silver',
    active: true,
  },
  {
    id: 'cus-0003',
    name: 'Ana Beatriz Lima',
    document: completeCpf('390533447'),
    phone: '5531991234567',
    tier: null,
    active: true,
  },
  {
    id: 'cus-0004',
    name: 'Carlos Eduardo Rocha',
    document: completeCpf('275836119'),
    phone: '5541988887777',
    tier: 'bronze',
    active: false,
  },
  {
    id: 'cus-0005',
    name: 'Mercadinho Bom Preço Ltda',
    document: completeCnpj('334683260001'),
    phone: '5511933334444',
    tier: 'bronze',
    active: true,
  },
];
