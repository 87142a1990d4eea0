import { completeCnpj } from '../common/documents';
import { addDays, toSaoPauloDate } from '../common/dates';

export interface B2bFactory {
  id: string;
  nome: string;
  nome_fantasia: string;
  slug: string;
  cnpj: string;
  email: string;
  logo: string;
}

export interface B2bLabel {
  id: string;
  fabrica_id: string;
  nome: string;
  slug: string;
  logo: string;
}

export interface B2bCollection {
  id: string;
  fabrica_id: string;
  etiqueta_id: string;
  nome: string;
  slug: string;
  valorPedMinCents: number;
  valorParcelaMinCents: number;
  prazo_medio_fat: number;
  qtdade_produzida_mes: number;
  /** "YYYY-MM-DD" */
  vig_venda_ini: string;
  vig_venda_fim: string;
  cores: { nome: string; hex: string }[];
}

export interface B2bProduct {
  id: string;
  colecao_id: string;
  codigo: string;
  nome: string;
  descricao: string;
  slug: string;
  tags: string;
  valorCents: number;
  cores: string[];
  tamanhos: string[];
}

export interface B2bPaymentForm {
  id: string;
  codigo: string;
  nome: string;
}

export interface B2bPaymentCondition {
  id: string;
  codigo: string;
  nome: string;
  prazo_medio: number;
  qtd_parcelas: number;
  formas: B2bPaymentForm[];
}

export interface B2bCatalog {
  factories: B2bFactory[];
  labels: B2bLabel[];
  collections: B2bCollection[];
  products: B2bProduct[];
  conditions: B2bPaymentCondition[];
}

/** The buyer (the retailer's store) the bearer token stands for. */
export const B2B_BUYER = {
  id: '7c1f0e2d3b4a45968778695a4b3c2d1e',
  nome: 'Loja Exemplo Moda Ltda',
  cnpj: completeCnpj('112223330001'),
} as const;

/** Days between today and the earliest billing/delivery date a cart may ask for. */
export const MIN_DELIVERY_DAYS = 14;

const IMG = 'https://static.example.com/b2b';

const FORMS = {
  BOL: { id: '4290e43ac00f472c9dc31e7284298331', codigo: 'BOL', nome: 'Boleto' },
  PIX: { id: '4290e43ac00f472c9dc31e7284298332', codigo: 'PIX', nome: 'PIX' },
  CRC: { id: '4290e43ac00f472c9dc31e7284298311', codigo: 'CRC', nome: 'Cartão de Crédito' },
} satisfies Record<string, B2bPaymentForm>;

const colors = {
  preto: '#000000',
  branco: '#FFFFFF',
  'azul-marinho': '#1B2A4A',
  vermelho: '#FF0000',
  'azul-claro': '#8DB3E2',
  'azul-escuro': '#1F3A5F',
} as const;
const palette = (...names: (keyof typeof colors)[]): { nome: string; hex: string }[] => names.map((nome) => ({ nome, hex: colors[nome] }));

/** Two factories, three collections (one out of its sales window), six products; windows relative to today. */
export function seedCatalog(nowMs: number): B2bCatalog {
  const today = toSaoPauloDate(nowMs);
  const factories: B2bFactory[] = [
    {
      id: 'b8c2ac28245b4579bb149806070bdde8',
      nome: 'Malharia Serra Azul Ltda',
      nome_fantasia: 'Serra Azul',
      slug: 'serra-azul',
      cnpj: '33468326000105',
      email: 'pedidos@serraazul.example.com.br',
      logo: `${IMG}/logos/serra-azul.png`,
    },
    {
      id: 'd4e5f60718294a3b8c7d6e5f4a3b2c1d',
      nome: 'Confecções Vale do Itajaí Ltda',
      nome_fantasia: 'Vale Jeans',
      slug: 'vale-jeans',
      cnpj: completeCnpj('845271390001'),
      email: 'comercial@valejeans.example.com.br',
      logo: `${IMG}/logos/vale-jeans.png`,
    },
  ];
  const labels: B2bLabel[] = [
    {
      id: '194ee2f85d5b4dacaf8f9804fd5eee6b',
      fabrica_id: factories[0]?.id ?? '',
      nome: 'Serra Azul',
      slug: 'serra-azul-marca',
      logo: `${IMG}/logos/serra-azul-marca.png`,
    },
    {
      id: '5a6b7c8d9e0f41a2b3c4d5e6f7a8b9c0',
      fabrica_id: factories[1]?.id ?? '',
      nome: 'Vale Jeans',
      slug: 'vale-jeans-marca',
      logo: `${IMG}/logos/vale-jeans-marca.png`,
    },
  ];
  const collections: B2bCollection[] = [
    {
      id: '94c2904ec35b4394977a91de6c24f580',
      fabrica_id: factories[0]?.id ?? '',
      etiqueta_id: labels[0]?.id ?? '',
      nome: 'Coleção Verão',
      slug: 'serra-azul-colecao-verao',
      valorPedMinCents: 30000,
      valorParcelaMinCents: 12000,
      prazo_medio_fat: 30,
      qtdade_produzida_mes: 1000,
      vig_venda_ini: addDays(today, -60),
      vig_venda_fim: addDays(today, 180),
      cores: palette('preto', 'branco', 'azul-marinho', 'vermelho'),
    },
    {
      id: 'aa11bb22cc33dd44ee55ff6677889900',
      fabrica_id: factories[0]?.id ?? '',
      etiqueta_id: labels[0]?.id ?? '',
      nome: 'Coleção Inverno (encerrada)',
      slug: 'serra-azul-colecao-inverno',
      valorPedMinCents: 30000,
      valorParcelaMinCents: 10000,
      prazo_medio_fat: 30,
      qtdade_produzida_mes: 500,
      vig_venda_ini: addDays(today, -300),
      vig_venda_fim: addDays(today, -120),
      cores: palette('preto', 'vermelho'),
    },
    {
      id: '3c4d5e6f708192a3b4c5d6e7f8091a2b',
      fabrica_id: factories[1]?.id ?? '',
      etiqueta_id: labels[1]?.id ?? '',
      nome: 'Jeans Essencial',
      slug: 'vale-jeans-essencial',
      valorPedMinCents: 50000,
      valorParcelaMinCents: 15000,
      prazo_medio_fat: 45,
      qtdade_produzida_mes: 2000,
      vig_venda_ini: addDays(today, -30),
      vig_venda_fim: addDays(today, 365),
      cores: palette('azul-claro', 'azul-escuro', 'preto'),
    },
  ];
  const [verao, inverno, jeans] = collections.map((c) => c.id) as [string, string, string];
  const products: B2bProduct[] = [
    {
      id: 'f61dc83cbc0d42d4bdd9b6a003b96999',
      colecao_id: verao,
      codigo: '5011',
      nome: 'CONJ. CAMISETA + BERMUDA',
      descricao: 'CONJ DESRUPTION CAMISETA + BERMUDA C/ BOLSO',
      slug: 'conj-camiseta-bermuda-5011',
      tags: 'destaque,verao',
      valorCents: 3799,
      cores: ['preto', 'branco'],
      tamanhos: ['p', 'm', 'g', 'gg'],
    },
    {
      id: 'c7d1e0b4a5f64b5e9a1c2d3e4f5a6b70',
      colecao_id: verao,
      codigo: '5020',
      nome: 'CAMISETA BÁSICA GOLA C',
      descricao: 'CAMISETA 100% ALGODÃO GOLA CARECA',
      slug: 'camiseta-basica-5020',
      tags: 'basicos,verao',
      valorCents: 1990,
      cores: ['preto', 'branco', 'azul-marinho', 'vermelho'],
      tamanhos: ['p', 'm', 'g', 'gg'],
    },
    {
      id: '0a4b5c6d7e8f4091a2b3c4d5e6f70812',
      colecao_id: verao,
      codigo: '5033',
      nome: 'VESTIDO MIDI LINHO',
      descricao: 'VESTIDO MIDI EM LINHO COM AMARRAÇÃO',
      slug: 'vestido-midi-linho-5033',
      tags: 'verao',
      valorCents: 8990,
      cores: ['preto', 'vermelho'],
      tamanhos: ['p', 'm', 'g'],
    },
    {
      id: 'e3f4a5b6c7d84e9fa0b1c2d3e4f5a6b7',
      colecao_id: inverno,
      codigo: '4100',
      nome: 'BLUSA TRICÔ GOLA ALTA',
      descricao: 'BLUSA EM TRICÔ COM GOLA ALTA',
      slug: 'blusa-trico-4100',
      tags: 'inverno',
      valorCents: 5990,
      cores: ['preto', 'vermelho'],
      tamanhos: ['p', 'm', 'g'],
    },
    {
      id: '9b8a7c6d5e4f40312a1b0c9d8e7f6a5b',
      colecao_id: jeans,
      codigo: '7001',
      nome: 'CALÇA JEANS SKINNY',
      descricao: 'CALÇA JEANS SKINNY COM ELASTANO',
      slug: 'calca-jeans-skinny-7001',
      tags: 'jeans',
      valorCents: 7990,
      cores: ['azul-claro', 'azul-escuro', 'preto'],
      tamanhos: ['36', '38', '40', '42', '44', '46'],
    },
    {
      id: '1f2e3d4c5b6a47988a7b6c5d4e3f2a1b',
      colecao_id: jeans,
      codigo: '7010',
      nome: 'JAQUETA JEANS',
      descricao: 'JAQUETA JEANS OVERSIZED',
      slug: 'jaqueta-jeans-7010',
      tags: 'jeans,destaque',
      valorCents: 12990,
      cores: ['azul-claro', 'azul-escuro'],
      tamanhos: ['p', 'm', 'g', 'gg'],
    },
  ];
  const conditions: B2bPaymentCondition[] = [
    {
      id: '4290e43ac00f472c9dc31e7284298335',
      codigo: '001',
      nome: '30 dias',
      prazo_medio: 30,
      qtd_parcelas: 1,
      formas: [FORMS.BOL, FORMS.PIX, FORMS.CRC],
    },
    {
      id: '6f7e8d9c0b1a42f3a4b5c6d7e8f9a0b1',
      codigo: '003',
      nome: '30/60/90 dias',
      prazo_medio: 60,
      qtd_parcelas: 3,
      formas: [FORMS.BOL, FORMS.CRC],
    },
  ];
  return { factories, labels, collections, products, conditions };
}

export function productPhotos(product: B2bProduct, collection: B2bCollection): string[] {
  return [`${IMG}/produtos/${collection.slug}/${product.codigo}.jpg`];
}
