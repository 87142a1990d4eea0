import { completeCpf } from '../common/documents';
import { type PaymentPlan } from './installments';

export interface CreditShop {
  lojaId: number;
  empresaId: number;
  redeId: number;
  nome: string;
  lojistaEmail: string;
  lojistaTelefone: string;
  formasPagamento: string[];
  plans: PaymentPlan[];
}

/** A value band of the pre-approved limit with the minimum down payment (basis points of the product value). */
export interface DownPaymentBand {
  fromCents: number;
  toCents: number;
  minDownPaymentBps: number;
}

export interface CreditCustomerRecord {
  id: number;
  cpf: string;
  nome: string;
  celular: string;
  email: string;
  dataNascimento: string;
  sexo: 'F' | 'M';
  score: number;
  grupo: string;
  tipoClienteScore: string;
  limitCents: number;
  usedCents: number;
  negativadoSpc: boolean;
  autorizaCompra: boolean;
  bands: [DownPaymentBand, DownPaymentBand, DownPaymentBand];
  lojaId: number;
  empresaId: number;
  redeId: number;
  dataCadastro: string;
  endereco: {
    cep: string;
    logradouro: string;
    numero: string;
    bairro: string;
    estado: string;
    cidadeIbge: number;
    cidadeNome: string;
  };
}

export const CREDIT_SHOPS: readonly CreditShop[] = [
  {
    lojaId: 441,
    empresaId: 398,
    redeId: 201,
    nome: 'Loja Centro',
    lojistaEmail: 'financeiro@lojacentro.com.br',
    lojistaTelefone: '(48) 3222 - 0564',
    formasPagamento: ['CARNE', 'BOLETO'],
    plans: [
      {
        id: 11,
        descricao: 'Plano 10x s/juros - tarifa R$ 1,69 por parcela - 30 dias - Parc Mín de R$ 20,00',
        maxInstallments: 10,
        monthlyRateBps: 0,
        feePerInstallmentCents: 169,
        minInstallmentCents: 2000,
        firstDueInDays: 30,
      },
      {
        id: 7,
        descricao: 'Plano 12x c/juros 2,99% a.m. - 40 dias - Parc Mín de R$ 30,00',
        maxInstallments: 12,
        monthlyRateBps: 299,
        feePerInstallmentCents: 0,
        minInstallmentCents: 3000,
        firstDueInDays: 40,
      },
    ],
  },
];

/** Bands derived from a limit the way the seed example reads: up to 2/3 no down payment, then 20%, then 30%. */
export function bandsForLimit(limitCents: number): [DownPaymentBand, DownPaymentBand, DownPaymentBand] {
  const a = Math.round((limitCents * 2) / 3);
  const b = Math.round((limitCents * 5) / 6);
  return [
    { fromCents: 0, toCents: a, minDownPaymentBps: 0 },
    { fromCents: a + 1, toCents: b, minDownPaymentBps: 2000 },
    { fromCents: b + 1, toCents: limitCents, minDownPaymentBps: 3000 },
  ];
}

const ENDERECO = {
  cep: '88070-700',
  logradouro: 'Rua Professora Antonieta de Barros',
  numero: '732',
  bairro: 'Estreito',
  estado: 'SC',
  cidadeIbge: 4205407,
  cidadeNome: 'Florianópolis',
};

export function seedCreditCustomers(): CreditCustomerRecord[] {
  const shop = { lojaId: 441, empresaId: 398, redeId: 201 };
  return [
    {
      // Approved: good score, R$ 3.000,00 limit, no down payment up to R$ 2.000,00.
      ...shop,
      id: 343290,
      cpf: '22257055004',
      nome: 'MARIA APARECIDA DA SILVA',
      celular: '(48) 99532 - 8888',
      email: 'maria.silva@example.com.br',
      dataNascimento: '1953-09-24',
      sexo: 'F',
      score: 754,
      grupo: 'B',
      tipoClienteScore: 'BOM',
      limitCents: 300000,
      usedCents: 0,
      negativadoSpc: false,
      autorizaCompra: true,
      bands: [
        { fromCents: 0, toCents: 200000, minDownPaymentBps: 0 },
        { fromCents: 200001, toCents: 250000, minDownPaymentBps: 2000 },
        { fromCents: 250001, toCents: 300000, minDownPaymentBps: 3000 },
      ],
      dataCadastro: '2023-05-19',
      endereco: ENDERECO,
    },
    {
      // Denied: listed at SPC, purchases not authorized.
      ...shop,
      id: 343291,
      cpf: completeCpf('123456789'),
      nome: 'JOSE CARLOS PEREIRA',
      celular: '(48) 99811 - 2233',
      email: 'jose.pereira@example.com.br',
      dataNascimento: '1979-03-02',
      sexo: 'M',
      score: 312,
      grupo: 'E',
      tipoClienteScore: 'RESTRITO',
      limitCents: 0,
      usedCents: 0,
      negativadoSpc: true,
      autorizaCompra: false,
      bands: bandsForLimit(0),
      dataCadastro: '2021-11-03',
      endereco: { ...ENDERECO, numero: '18' },
    },
    {
      // Low limit: approved, but only R$ 300,00 available.
      ...shop,
      id: 343292,
      cpf: completeCpf('987654321'),
      nome: 'ANA PAULA SOUZA',
      celular: '(48) 98877 - 6655',
      email: 'ana.souza@example.com.br',
      dataNascimento: '1998-07-15',
      sexo: 'F',
      score: 580,
      grupo: 'C',
      tipoClienteScore: 'REGULAR',
      limitCents: 30000,
      usedCents: 0,
      negativadoSpc: false,
      autorizaCompra: true,
      bands: [
        { fromCents: 0, toCents: 30000, minDownPaymentBps: 0 },
        { fromCents: 30001, toCents: 30000, minDownPaymentBps: 0 },
        { fromCents: 30001, toCents: 30000, minDownPaymentBps: 0 },
      ],
      dataCadastro: '2025-02-10',
      endereco: { ...ENDERECO, numero: '1200', bairro: 'Canto' },
    },
  ];
}
