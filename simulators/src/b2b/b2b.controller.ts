import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import type { z } from 'zod';
import { b2bError } from '../core/error-shapes';
import { parseWith } from '../core/validation';
import { B2bAuthGuard, sessionOf } from './b2b-auth.guard';
import { updateCartSchema, upsertItemSchema } from './b2b.schemas';
import { B2bStore } from './b2b.store';

const OK = { status: true } as const;

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = parseWith(schema, body ?? {});
  if (!parsed.ok) throw b2bError(400, 'erro.requisicao.invalida', { campo: parsed.issue.field, mensagem: parsed.issue.message });
  return parsed.value;
}

/** B2B cart portal (PARTNERS §5 / seed 004): one open cart per factory collection and session. */
@Controller('b2b/carrinhos')
@UseGuards(B2bAuthGuard)
export class B2bController {
  constructor(private readonly store: B2bStore) {}

  @Get()
  list(@Req() req: Request): Record<string, unknown>[] {
    return this.store.openCarts(sessionOf(req));
  }

  @Put(':produto')
  upsertItem(@Req() req: Request, @Param('produto') produto: string, @Body() body: unknown): typeof OK {
    const input = parse(upsertItemSchema, body);
    this.store.upsertItem(sessionOf(req), produto, input.tamanhos);
    return OK;
  }

  @Delete(':produto')
  removeItem(@Req() req: Request, @Param('produto') produto: string): typeof OK {
    this.store.removeItem(sessionOf(req), produto);
    return OK;
  }

  @Delete()
  clear(@Req() req: Request): typeof OK {
    this.store.clear(sessionOf(req));
    return OK;
  }

  @Put(':id/atualizar')
  update(@Req() req: Request, @Param('id') id: string, @Body() body: unknown): typeof OK {
    this.store.update(sessionOf(req), id, parse(updateCartSchema, body));
    return OK;
  }

  /** `?ids=a,b` (or repeated `ids`) closes those carts; without ids, every open cart of the session. */
  @Post()
  @HttpCode(200)
  close(@Req() req: Request, @Query('ids') ids?: string | string[]): typeof OK {
    const list = (Array.isArray(ids) ? ids : ids === undefined ? [] : [ids])
      .flatMap((v) => String(v).split(','))
      .map((v) => v.trim())
      .filter((v) => v.length > 0);
    this.store.close(sessionOf(req), list.length > 0 ? [...new Set(list)] : null);
    return OK;
  }
}
