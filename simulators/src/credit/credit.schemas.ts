import { z } from 'zod';
import { isValidCpf, normalizeDocument } from '../common/documents';
import { parseBrl } from '../common/money';

/** A BRL string such as "1.000,00", turned into centavos. */
const brl = z.string().transform((value, ctx) => {
  const centavos = parseBrl(value);
  if (centavos === null) {
    ctx.addIssue({ code: 'custom', message: 'deve ser um valor em reais no formato "1.000,00"' });
    return z.NEVER;
  }
  return centavos;
});

const id = z.number().int().positive();

export const consultaSpcSchema = z.object({
  cpf: z.string().transform(normalizeDocument).refine(isValidCpf, 'CPF inválido'),
  empresaId: id,
  lojaId: id,
  redeId: id,
});

/** CalcularVendaDTO as sent to /v1/venda/calcular (the extra fields of a sale may be present and null). */
export const calcularSchema = z.object({
  autorizacaoId: id.nullable().optional(),
  clienteId: id,
  diasPrimeiraParcela: z.number().int().min(0).max(120).nullable().optional(),
  flagAutorizacao: z.boolean().nullable().optional(),
  formaPagamento: z.string().min(1).max(40),
  lojaId: id,
  nomeProduto: z.string().trim().min(1).max(200),
  parcelaSelecionada: z.unknown().optional(),
  planoPagamentoId: id,
  vlEntrada: brl.nullable().optional(),
  vlProduto: brl,
});
export type CalcularInput = z.output<typeof calcularSchema>;

const parcelaSelecionadaSchema = z.looseObject({
  qtdParcela: z.number().int().min(1).max(48),
  planoPagamentoId: id,
  valorTotal: z.number().nonnegative(),
  vlPrimeiraParcela: z.number().nonnegative(),
});

export const venderSchema = calcularSchema.extend({
  autorizacaoId: id,
  parcelaSelecionada: parcelaSelecionadaSchema,
});
export type VenderInput = z.output<typeof venderSchema>;

export const gerarCodigoSchema = z.object({
  tipo: z.enum(['WHATSAPP', 'SMS']),
  destino: z
    .string()
    .trim()
    .refine((v) => v.replace(/\D/g, '').length >= 10 && v.replace(/\D/g, '').length <= 13, 'telefone inválido'),
  nomeCliente: z.string().trim().min(1).max(200),
  lojaId: id,
  nomeProduto: z.string().trim().min(1).max(200),
  valorProduto: z.string(),
  qtdParcela: z.union([z.string().regex(/^\d{1,2}$/), z.number().int().min(1).max(48)]),
  valorParcela: z.string(),
});
export type GerarCodigoInput = z.output<typeof gerarCodigoSchema>;

export const gerarCodigoAmountsSchema = z.object({ valorProduto: brl, valorParcela: brl });

export const confirmarCodigoSchema = z.object({
  id,
  codigo: z.string().regex(/^\d{4,6}$/, 'o código tem de 4 a 6 dígitos'),
});

/** Control API: add or replace a fixture customer. */
export const customerUpsertSchema = z.strictObject({
  id: id.optional(),
  cpf: z.string().transform(normalizeDocument).refine(isValidCpf, 'invalid CPF'),
  nome: z.string().trim().min(1).max(200),
  celular: z.string().min(8).max(30).default('(48) 99999 - 0000'),
  email: z.email().default('cliente@example.com.br'),
  score: z.number().int().min(0).max(1000).default(700),
  limitCents: z.number().int().min(0).max(100_000_000),
  negativadoSpc: z.boolean().default(false),
  autorizaCompra: z.boolean().default(true),
});
export type CustomerUpsert = z.output<typeof customerUpsertSchema>;
