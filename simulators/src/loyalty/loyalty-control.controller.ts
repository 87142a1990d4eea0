import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { simpleError } from '../core/error-shapes';
import { parseWith } from '../core/validation';
import { consumerUpsertSchema } from './loyalty.schemas';
import { LoyaltyStore } from './loyalty.store';

/** Control API (dev/tests only): the loyalty ledger and its consumers. */
@Controller('_control/loyalty')
export class LoyaltyControlController {
  constructor(private readonly store: LoyaltyStore) {}

  /** Every movement (accruals, reversals, redemptions), oldest first; filter with `?cpf=` or `?verificador=`. */
  @Get('movements')
  movements(@Query('cpf') cpf?: string, @Query('verificador') verificador?: string): { items: Record<string, unknown>[] } {
    return {
      items: this.store.listMovements({
        cpf: typeof cpf === 'string' ? cpf : undefined,
        verificador: typeof verificador === 'string' ? verificador : undefined,
      }),
    };
  }

  @Get('consumers')
  consumers(): { items: Record<string, unknown>[] } {
    return { items: this.store.listConsumers() };
  }

  @Post('consumers')
  @HttpCode(200)
  upsertConsumer(@Body() body: unknown): Record<string, unknown> {
    const parsed = parseWith(consumerUpsertSchema, body);
    if (!parsed.ok) throw simpleError(422, 'validation_failed', parsed.issue.message, parsed.issue.field);
    return this.store.upsertConsumer(parsed.value);
  }
}
