import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { simpleError } from '../core/error-shapes';
import { parseWith } from '../core/validation';
import { customerUpsertSchema } from './credit.schemas';
import { CreditStore } from './credit.store';

/** Control API (dev/tests only): the codes the provider "sent", its sales and its customers. */
@Controller('_control/credit')
export class CreditControlController {
  constructor(private readonly store: CreditStore) {}

  /** Issued authorization codes, newest last; filter with `?destino=` (any phone formatting) or `?id=`. */
  @Get('codes')
  codes(@Query('destino') destino?: string, @Query('id') id?: string): { items: Record<string, unknown>[] } {
    const numericId = id !== undefined && /^\d+$/.test(id) ? Number(id) : undefined;
    return {
      items: this.store.listCodes({ destino: typeof destino === 'string' ? destino : undefined, id: numericId }),
    };
  }

  @Get('sales')
  sales(): { items: Record<string, unknown>[] } {
    return { items: this.store.listSales() };
  }

  @Get('customers')
  customers(): { items: Record<string, unknown>[] } {
    return { items: this.store.listCustomers() };
  }

  /** Adds (or replaces, by CPF or id) a customer; down-payment bands are derived from `limitCents`. */
  @Post('customers')
  @HttpCode(200)
  upsertCustomer(@Body() body: unknown): Record<string, unknown> {
    const parsed = parseWith(customerUpsertSchema, body);
    if (!parsed.ok) throw simpleError(422, 'validation_failed', parsed.issue.message, parsed.issue.field);
    return this.store.upsertCustomer(parsed.value);
  }
}
