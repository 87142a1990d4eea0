import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { simpleError } from '../core/error-shapes';
import { parseWith } from '../core/validation';
import { type B2bCatalog } from './b2b.fixtures';
import { orderStatusSchema } from './b2b.schemas';
import { B2bStore } from './b2b.store';

/** Control API (dev/tests only): every cart and order of every session, the catalog, order status changes. */
@Controller('_control/b2b')
export class B2bControlController {
  constructor(private readonly store: B2bStore) {}

  /** All carts and orders with their `sessao_id`; filter with `?sessao_id=` and `?situacao=`. */
  @Get('carts')
  carts(@Query('sessao_id') sessaoId?: string, @Query('situacao') situacao?: string): { items: Record<string, unknown>[] } {
    return {
      items: this.store.allCarts({
        sessaoId: typeof sessaoId === 'string' ? sessaoId.replace(/-/g, '').toLowerCase() : undefined,
        situacao: typeof situacao === 'string' ? situacao : undefined,
      }),
    };
  }

  @Post('orders/:id/status')
  @HttpCode(200)
  setStatus(@Param('id') id: string, @Body() body: unknown): Record<string, unknown> {
    const parsed = parseWith(orderStatusSchema, body);
    if (!parsed.ok) throw simpleError(422, 'validation_failed', parsed.issue.message, parsed.issue.field);
    return this.store.setOrderStatus(id, parsed.value.situacao);
  }

  @Get('catalog')
  catalog(): B2bCatalog {
    return this.store.catalogView();
  }
}
