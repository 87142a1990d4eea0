import { z } from 'zod';

/** `{ "preto": { "p": 10, "m": 20 }, "sortido": { "g": 5 } }` — colors (or "sortido") → sizes → quantities. */
export const upsertItemSchema = z.object({
  tamanhos: z
    .record(z.string().trim().min(1).max(40), z.record(z.string().trim().min(1).max(10), z.number().int().min(0).max(100_000)))
    .refine((t) => Object.keys(t).length > 0, 'informe ao menos uma cor'),
});

export const updateCartSchema = z
  .object({
    cond_pagto_id: z.string().trim().min(1).max(64).optional(),
    forma_pagto_id: z.string().trim().min(1).max(64).optional(),
    data_prev_faturamento: z.string().trim().optional(),
  })
  .refine(
    (v) => v.cond_pagto_id !== undefined || v.forma_pagto_id !== undefined || v.data_prev_faturamento !== undefined,
    'nada para atualizar',
  );

export const ORDER_STATUSES = ['pre', 'agc', 'agf', 'age', 'con', 'can'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Control API: the factory moves an order along (agc → agf → age → con, or can). */
export const orderStatusSchema = z.strictObject({ situacao: z.enum(['agc', 'agf', 'age', 'con', 'can']) });
