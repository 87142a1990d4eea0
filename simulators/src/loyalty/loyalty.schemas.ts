import { z } from 'zod';
import { isValidCpf, normalizeDocument } from '../common/documents';
import { parseBrDate } from '../common/dates';

const cpf = z.string().transform(normalizeDocument).refine(isValidCpf, 'CPF inválido');

/** "(11)99999-9999", "(11) 99999-9999" or bare digits; kept as national digits. */
const telefone = z
  .string()
  .transform((v) => v.replace(/\D/g, '').replace(/^55(?=\d{10,11}$)/, ''))
  .refine((v) => /^\d{10,11}$/.test(v), 'telefone deve estar no formato (DD)99999-9999');

const reais = z.number().positive().max(10_000_000);

const idShape = { cpf: cpf.optional(), telefone: telefone.optional() };
const hasId = (v: { cpf?: string | undefined; telefone?: string | undefined }): boolean => v.cpf !== undefined || v.telefone !== undefined;
const needsId = { message: 'informe cpf ou telefone', path: ['cpf'] };

export const consultaSchema = z.object(idShape).refine(hasId, needsId);

export const cadastroSchema = z
  .object({
    nome: z.string().trim().min(2).max(200),
    cpf: cpf.optional(),
    telefone: telefone.optional(),
    sexo: z.string().max(20).optional(),
    nascimento: z
      .string()
      .transform((v, ctx) => {
        const iso = parseBrDate(v);
        if (iso === null) {
          ctx.addIssue({ code: 'custom', message: 'nascimento deve estar no formato dd/mm/yyyy' });
          return z.NEVER;
        }
        return iso;
      })
      .optional(),
    email: z.email().optional(),
  })
  .refine((v) => v.cpf !== undefined || v.telefone !== undefined, {
    message: 'informe cpf ou telefone',
    path: ['cpf'],
  });

export const pontuaSchema = z
  .object({
    ...idShape,
    pontuacao_reais: reais.optional(),
    tipo_compra: z.string().max(100).optional(),
    verificador: z.string().trim().min(1).max(100).optional(),
    estorno: z.boolean().optional(),
  })
  .refine(hasId, needsId)
  .superRefine((v, ctx) => {
    if (v.estorno === true && v.verificador === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'estorno exige o verificador da pontuação original',
        path: ['verificador'],
      });
    }
    if (v.estorno !== true && v.pontuacao_reais === undefined) {
      ctx.addIssue({ code: 'custom', message: 'pontuacao_reais é obrigatório', path: ['pontuacao_reais'] });
    }
  });

export const debitarSchema = z
  .object({
    ...idShape,
    debito_reais: reais,
    descricao_estorno: z.string().trim().min(1).max(200),
    verificador: z.string().trim().min(1).max(100).optional(),
  })
  .refine(hasId, needsId);

export const resgataPremioSchema = z
  .object({
    ...idShape,
    premio_identificador: z.string().trim().min(1).max(100),
    verificador: z.string().trim().min(1).max(100).optional(),
  })
  .refine(hasId, needsId);

export const cashbackSchema = z
  .object({
    ...idShape,
    cashback: reais,
    verificador: z.string().trim().min(1).max(100).optional(),
  })
  .refine(hasId, needsId);

export const verificarCashbackSchema = z
  .object({
    ...idShape,
    pontuacao_reais: reais.optional(),
    valor: reais.optional(),
  })
  .refine(hasId, needsId);

/** Control API: add or replace a consumer (by cpf or telefone). */
export const consumerUpsertSchema = z
  .strictObject({
    nome: z.string().trim().min(2).max(200),
    cpf: cpf.optional(),
    telefone: telefone.optional(),
    categoria: z.string().max(40).default('Bronze'),
    ativo: z.boolean().default(true),
    pontos: z.number().int().min(0).default(0),
    cashbackCents: z.number().int().min(0).default(0),
  })
  .refine((v) => v.cpf !== undefined || v.telefone !== undefined, { message: 'send cpf or telefone', path: ['cpf'] });
