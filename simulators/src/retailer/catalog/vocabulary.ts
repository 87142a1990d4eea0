/**
 * What a Brazilian retailer's catalog is made of, for the generated catalogs: departments, product types, brands,
 * product lines and the attributes that make a product (or its variants). Names carry their accents on purpose:
 * the hub's search must find "cafe" in "Café" and "tenis" in "Tênis".
 */

export type VariantAxis = 'size' | 'voltage' | 'color';

export interface ProductTemplate {
  code: string;
  categories: string[];
  types: string[];
  brands: string[];
  lines: string[];
  /** Appended to the name (a weight, a volume, a capacity), one per product. */
  sizes?: string[];
  /** The product is sold in variants along this axis (its values below), each with its own id and stock. */
  variantAxis?: VariantAxis;
  variantValues?: string[];
  /** The product's color goes into its name (apparel and shoes are one color per product, sized by variant). */
  colored?: boolean;
  priceRange: [number, number];
  descriptions: string[];
  /** Grams, for shipping (OmniChat's weight). */
  weightRange: [number, number];
}

export const COLORS = [
  'Azul',
  'Preto',
  'Branco',
  'Vermelho',
  'Verde',
  'Cinza',
  'Rosa',
  'Amarelo',
  'Azul-Marinho',
  'Bege',
  'Marrom',
  'Vinho',
];

export const TEMPLATES: ProductTemplate[] = [
  {
    code: 'VES',
    categories: ['Vestuário', 'Camisetas'],
    types: ['Camiseta', 'Camiseta Polo', 'Regata', 'Camiseta Manga Longa'],
    brands: ['Malwee', 'Hering', 'Reserva', 'Colcci', 'Aramis', 'Lupo'],
    lines: ['Básica', 'Piquet', 'Estampada', 'Dry Fit', 'Slim', 'Oversized'],
    colored: true,
    variantAxis: 'size',
    variantValues: ['P', 'M', 'G', 'GG'],
    priceRange: [3990, 18990],
    weightRange: [150, 350],
    descriptions: [
      'Confeccionada em algodão penteado de toque macio, com costuras reforçadas.',
      'Modelagem regular que veste bem no dia a dia e em ocasiões casuais.',
      'Gola canelada que não deforma depois de lavar.',
    ],
  },
  {
    code: 'CAL',
    categories: ['Vestuário', 'Calças e Bermudas'],
    types: ['Calça Jeans', 'Calça Moletom', 'Bermuda Sarja', 'Calça Legging'],
    brands: ["Levi's", 'Colcci', 'Hering', 'Malwee', 'Lupo'],
    lines: ['Skinny', 'Reta', 'Jogger', 'Cargo', 'Cintura Alta'],
    colored: true,
    variantAxis: 'size',
    variantValues: ['36', '38', '40', '42', '44'],
    priceRange: [5990, 29990],
    weightRange: [300, 700],
    descriptions: [
      'Tecido com elastano que acompanha os movimentos.',
      'Bolsos funcionais e acabamento com rebites metálicos.',
      'Lavagem que preserva a cor por mais tempo.',
    ],
  },
  {
    code: 'TEN',
    categories: ['Calçados', 'Tênis'],
    types: ['Tênis Esportivo', 'Tênis Casual', 'Tênis de Corrida', 'Sapatênis'],
    brands: ['Olympikus', 'Mizuno', 'Fila', 'Nike', 'Adidas', 'Ramarim'],
    lines: ['Corre', 'Wave', 'Revolution', 'Ultra', 'Street', 'Classic'],
    colored: true,
    variantAxis: 'size',
    variantValues: ['37', '38', '39', '40', '41', '42'],
    priceRange: [14990, 59990],
    weightRange: [600, 1200],
    descriptions: [
      'Cabedal em tecido respirável e palmilha com amortecimento.',
      'Solado de borracha antiderrapante para mais segurança na pisada.',
      'Leve e confortável para treinos e caminhadas.',
    ],
  },
  {
    code: 'CHI',
    categories: ['Calçados', 'Sandálias e Chinelos'],
    types: ['Chinelo', 'Sandália', 'Rasteira'],
    brands: ['Havaianas', 'Ipanema', 'Rider', 'Grendene'],
    lines: ['Top', 'Slim', 'Brasil', 'Color'],
    colored: true,
    variantAxis: 'size',
    variantValues: ['35/36', '37/38', '39/40', '41/42'],
    priceRange: [2990, 9990],
    weightRange: [150, 400],
    descriptions: ['Borracha macia e durável.', 'Tiras que não soltam e não machucam os pés.', 'Ideal para praia, piscina e o dia a dia.'],
  },
  {
    code: 'CAF',
    categories: ['Alimentos', 'Café'],
    types: ['Café Torrado e Moído', 'Café em Grãos', 'Café Solúvel', 'Cappuccino'],
    brands: ['Pilão', '3 Corações', 'Melitta', 'Café do Ponto', 'Santa Clara'],
    lines: ['Tradicional', 'Extra Forte', 'Gourmet', 'Descafeinado', 'Premium'],
    sizes: ['250g', '500g', '1kg'],
    priceRange: [999, 5990],
    weightRange: [250, 1000],
    descriptions: [
      'Grãos selecionados, torra média e sabor encorpado.',
      'Embalagem a vácuo que preserva o aroma.',
      'Perfeito para coador de papel, prensa francesa ou cafeteira.',
    ],
  },
  {
    code: 'MER',
    categories: ['Alimentos', 'Mercearia'],
    types: [
      'Arroz Branco',
      'Feijão Carioca',
      'Açúcar Refinado',
      'Macarrão Espaguete',
      'Farinha de Trigo',
      'Azeite Extra Virgem',
      'Óleo de Soja',
    ],
    brands: ['Camil', 'Tio João', 'Kicaldo', 'União', 'Renata', 'Gallo', 'Dona Benta', 'Liza'],
    lines: ['Tipo 1', 'Especial', 'Integral', 'Premium', 'Tradicional'],
    sizes: ['500g', '1kg', '2kg', '5kg'],
    priceRange: [499, 4990],
    weightRange: [500, 5000],
    descriptions: [
      'Produto de qualidade selecionada.',
      'Rende mais no preparo do dia a dia.',
      'Embalagem prática que facilita o armazenamento.',
    ],
  },
  {
    code: 'BEB',
    categories: ['Bebidas'],
    types: ['Refrigerante', 'Suco de Laranja', 'Água Mineral', 'Cerveja', 'Chá Gelado'],
    brands: ['Guaraná Antarctica', 'Coca-Cola', 'Del Valle', 'Crystal', 'Brahma', 'Heineken', 'Matte Leão'],
    lines: ['Original', 'Zero Açúcar', 'Lata', 'Pet', 'Long Neck'],
    sizes: ['350ml', '600ml', '1L', '2L'],
    priceRange: [299, 4990],
    weightRange: [350, 2100],
    descriptions: ['Sirva gelado.', 'Sabor refrescante para todas as ocasiões.', 'Embalagem reciclável.'],
  },
  {
    code: 'HIG',
    categories: ['Higiene e Beleza'],
    types: ['Sabonete Líquido', 'Shampoo', 'Condicionador', 'Creme Dental', 'Desodorante Aerosol', 'Hidratante Corporal'],
    brands: ['Natura', 'O Boticário', 'Colgate', 'Dove', 'Rexona', 'Nivea', 'Seda'],
    lines: ['Hidratação Intensa', 'Antiqueda', 'Original', 'Men', 'Sensitive', 'Cachos'],
    sizes: ['90g', '200ml', '300ml', '400ml'],
    priceRange: [699, 8990],
    weightRange: [90, 450],
    descriptions: ['Fórmula dermatologicamente testada.', 'Fragrância suave que dura o dia todo.', 'Não testado em animais.'],
  },
  {
    code: 'CAS',
    categories: ['Casa e Cozinha'],
    types: ['Panela de Pressão', 'Jogo de Panelas', 'Frigideira Antiaderente', 'Garrafa Térmica', 'Jogo de Facas', 'Assadeira'],
    brands: ['Tramontina', 'Rochedo', 'Brinox', 'Mor', 'Panelux'],
    lines: ['Turbo', 'Ceramic', 'Inox', 'Paris', 'Solar', 'Everyday'],
    sizes: ['4,5L', '24cm', '1L', '5 peças', '28cm'],
    priceRange: [2990, 39990],
    weightRange: [400, 4000],
    descriptions: [
      'Revestimento antiaderente que facilita a limpeza.',
      'Cabo ergonômico que não esquenta.',
      'Compatível com fogões a gás, elétricos e de indução.',
    ],
  },
  {
    code: 'ELP',
    categories: ['Eletroportáteis'],
    types: ['Liquidificador', 'Air Fryer', 'Cafeteira Elétrica', 'Ferro de Passar', 'Ventilador de Mesa', 'Batedeira'],
    brands: ['Mondial', 'Arno', 'Britânia', 'Philco', 'Electrolux', 'Oster'],
    lines: ['Turbo Power', 'Easy', 'Inox', 'Silêncio', 'Premium', 'Compacta'],
    variantAxis: 'voltage',
    variantValues: ['110V', '220V'],
    priceRange: [9990, 69990],
    weightRange: [1000, 6000],
    descriptions: [
      'Motor potente com várias velocidades e função pulsar.',
      'Design compacto que cabe em qualquer bancada.',
      'Garantia de 12 meses do fabricante.',
    ],
  },
  {
    code: 'ELE',
    categories: ['Eletrônicos'],
    types: ['Fone de Ouvido Bluetooth', 'Caixa de Som Portátil', 'Carregador Turbo', 'Smartwatch', 'Mouse sem Fio', 'Teclado Gamer'],
    brands: ['JBL', 'Samsung', 'Xiaomi', 'Multilaser', 'Philips', 'Logitech'],
    lines: ['Tune', 'Go', 'Flip', 'Pro', 'Lite', 'Max'],
    colored: true,
    priceRange: [4990, 129990],
    weightRange: [50, 900],
    descriptions: [
      'Bateria de longa duração e recarga rápida.',
      'Conexão Bluetooth estável com alcance de até 10 metros.',
      'Acompanha cabo USB-C.',
    ],
  },
  {
    code: 'FER',
    categories: ['Ferramentas'],
    types: ['Furadeira de Impacto', 'Parafusadeira', 'Jogo de Chaves', 'Trena', 'Serra Tico-Tico', 'Esmerilhadeira'],
    brands: ['Bosch', 'Black+Decker', 'Vonder', 'Tramontina', 'Makita', 'Stanley'],
    lines: ['Profissional', 'Home', 'Compacta', 'Max', 'Pro'],
    variantAxis: 'voltage',
    variantValues: ['127V', '220V'],
    priceRange: [2990, 79990],
    weightRange: [300, 3500],
    descriptions: [
      'Ideal para reparos domésticos e trabalhos profissionais.',
      'Empunhadura emborrachada para mais firmeza.',
      'Acompanha maleta para transporte.',
    ],
  },
  {
    code: 'PAP',
    categories: ['Papelaria'],
    types: ['Caderno Universitário', 'Caneta Esferográfica', 'Mochila Escolar', 'Estojo', 'Lápis de Cor', 'Agenda'],
    brands: ['Tilibra', 'BIC', 'Faber-Castell', 'Sestini', 'Jandaia', 'Foroni'],
    lines: ['Clássico', 'Kids', 'Neon', 'Executivo', 'Capa Dura'],
    sizes: ['10 matérias', '12 cores', '1 unidade', 'Grande'],
    priceRange: [399, 24990],
    weightRange: [20, 900],
    descriptions: [
      'Material resistente para o ano letivo inteiro.',
      'Cores vivas e acabamento caprichado.',
      'Ótimo para a escola e o escritório.',
    ],
  },
  {
    code: 'PET',
    categories: ['Pet Shop'],
    types: ['Ração para Cães', 'Ração para Gatos', 'Areia Sanitária', 'Petisco'],
    brands: ['Pedigree', 'Whiskas', 'Golden', 'Premier', 'Special Dog'],
    lines: ['Adulto', 'Filhote', 'Castrado', 'Raças Pequenas'],
    sizes: ['1kg', '3kg', '10,1kg', '15kg'],
    priceRange: [1490, 24990],
    weightRange: [1000, 15000],
    descriptions: ['Nutrição completa e balanceada.', 'Sem corantes artificiais.', 'Alta palatabilidade.'],
  },
];

export const CLOSING_SENTENCES = [
  'Garantia do fabricante contra defeitos de fabricação.',
  'Produto original com nota fiscal.',
  'Consulte a disponibilidade na sua loja.',
  'Entrega rápida para todo o Brasil.',
];

/** The retailer's collections (coleções): seasons and campaigns a product is merchandised in, across departments. */
export const COLLECTIONS = [
  'Verão 2027',
  'Inverno 2027',
  'Volta às aulas',
  'Dia das Mães',
  'Dia dos Pais',
  'Black Friday',
  'Natal',
  'Lançamentos',
  'Essenciais',
  'Outlet',
];
