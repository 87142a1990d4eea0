import { Body, Controller, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { z } from 'zod';
import { creditError } from '../core/error-shapes';
import { parseWith } from '../core/validation';
import { CreditAuthGuard } from './credit-auth.guard';
import {
  calcularSchema,
  confirmarCodigoSchema,
  consultaSpcSchema,
  gerarCodigoAmountsSchema,
  gerarCodigoSchema,
  venderSchema,
} from './credit.schemas';
import { CreditStore, type InstallmentOptionDto } from './credit.store';

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = parseWith(schema, body);
  if (!parsed.ok) {
    const { field, message } = parsed.issue;
    throw creditError(400, 'REQUISICAO_INVALIDA', field ? `${field}: ${message}` : message, { campo: field || null });
  }
  return parsed.value;
}

function numericParam(value: string, name: string): number {
  if (!/^\d{1,12}$/.test(value)) throw creditError(400, 'REQUISICAO_INVALIDA', `${name} deve ser numérico.`, { campo: name });
  return Number(value);
}

/** Store-credit provider (crediário with booklet), PARTNERS §4 / seed 003. Amounts: BRL strings in, numbers out. */
@Controller('credit/v1')
@UseGuards(CreditAuthGuard)
export class CreditController {
  constructor(private readonly store: CreditStore) {}

  @Post('cliente/consulta-spc')
  @HttpCode(200)
  consultaSpc(@Body() body: unknown): Record<string, unknown> {
    return this.store.consultaSpc(parse(consultaSpcSchema, body));
  }

  /** A bare JSON number: the customer's available limit in reais. */
  @Get('cliente/:id/limite-disponivel/:lojaId')
  availableLimit(@Param('id') id: string, @Param('lojaId') lojaId: string, @Res() res: Response): void {
    res.json(this.store.availableLimit(numericParam(id, 'id'), numericParam(lojaId, 'lojaId')));
  }

  @Get('cliente/:id/score/:lojaId')
  score(@Param('id') id: string, @Param('lojaId') lojaId: string): Record<string, unknown> {
    return this.store.scoreBands(numericParam(id, 'id'), numericParam(lojaId, 'lojaId'));
  }

  @Get('loja/:id/dadosvenda/:planoId')
  saleParameters(@Param('id') id: string, @Param('planoId') planoId: string): Record<string, unknown> {
    return this.store.saleParameters(numericParam(id, 'id'), numericParam(planoId, 'planoId'));
  }

  @Get('loja/:id/planospagamento')
  paymentPlans(@Param('id') id: string): { id: number; descricao: string }[] {
    return this.store.paymentPlans(numericParam(id, 'id'));
  }

  @Post('venda/calcular')
  @HttpCode(200)
  calculate(@Body() body: unknown): InstallmentOptionDto[] {
    return this.store.calculate(parse(calcularSchema, body));
  }

  @Post('codigo-autorizacao/gerar')
  @HttpCode(200)
  generateCode(@Body() body: unknown): Record<string, unknown> {
    const input = parse(gerarCodigoSchema, body);
    parse(gerarCodigoAmountsSchema, body);
    return this.store.generateCode(input);
  }

  @Post('codigo-autorizacao/confirmar')
  @HttpCode(200)
  confirmCode(@Body() body: unknown): Record<string, unknown> {
    const input = parse(confirmarCodigoSchema, body);
    return this.store.confirmCode(input.id, input.codigo);
  }

  @Post('venda/vender')
  @HttpCode(200)
  sell(@Body() body: unknown): { id: number; mensagem: null; permissao: null; carneId: number } {
    return this.store.sell(parse(venderSchema, body));
  }

  @Get('carne/gera-carne-pdf/:id')
  async booklet(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const carneId = numericParam(id, 'id');
    const pdf = await this.store.bookletPdf(carneId);
    res
      .status(200)
      .set({ 'content-type': 'application/pdf', 'content-disposition': `inline; filename="carne-${carneId}.pdf"` })
      .send(Buffer.from(pdf));
  }
}
