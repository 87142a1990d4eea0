import { Body, Controller, Get, Headers, HttpCode, Post, UseGuards } from '@nestjs/common';
import type { z } from 'zod';
import { LOYALTY_CODES, loyaltyError } from '../core/error-shapes';
import { parseWith } from '../core/validation';
import { LoyaltyAuthGuard, LoyaltyTokens } from './loyalty-auth.guard';
import {
  cadastroSchema,
  cashbackSchema,
  consultaSchema,
  debitarSchema,
  pontuaSchema,
  resgataPremioSchema,
  verificarCashbackSchema,
} from './loyalty.schemas';
import { LoyaltyStore, type TokenOrigin } from './loyalty.store';

type Answer = Record<string, unknown>;

/** Invalid parameters are a business answer too: HTTP 200 with CodigoResposta 102 naming the field. */
function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = parseWith(schema, body ?? {});
  if (!parsed.ok) {
    const { field, message } = parsed.issue;
    throw loyaltyError(200, LOYALTY_CODES.INVALID_PARAMETERS, field ? `${field}: ${message}` : message);
  }
  return parsed.value;
}

/** Loyalty program, Fidelimax-style (PARTNERS §3): `POST /api/Integracao/<Operation>` with header `AuthToken`. */
@Controller('loyalty/api/Integracao')
@UseGuards(LoyaltyAuthGuard)
export class LoyaltyController {
  constructor(
    private readonly store: LoyaltyStore,
    private readonly tokens: LoyaltyTokens,
  ) {}

  @Post('ConsultaConsumidor')
  @HttpCode(200)
  consult(@Body() body: unknown): Answer {
    return this.store.consult(parse(consultaSchema, body));
  }

  @Post('CadastrarConsumidor')
  @HttpCode(200)
  register(@Body() body: unknown): Answer {
    return this.store.register(parse(cadastroSchema, body));
  }

  /** Accrual; with `estorno: true` and the original `verificador`, the total reversal of that accrual. */
  @Post('PontuaConsumidor')
  @HttpCode(200)
  accrue(@Body() body: unknown, @Headers('authtoken') token: string): Answer {
    const input = parse(pontuaSchema, body);
    const origin = this.origin(token);
    if (input.estorno === true && input.verificador !== undefined) {
      return this.store.reverseAccrual({ ...input, verificador: input.verificador }, origin);
    }
    if (input.pontuacao_reais === undefined) throw loyaltyError(200, LOYALTY_CODES.INVALID_PARAMETERS, 'pontuacao_reais é obrigatório');
    return this.store.accrue({ ...input, pontuacao_reais: input.pontuacao_reais }, origin);
  }

  /** Partial reversal ("estorno de pontos avulsos"). */
  @Post('DebitarConsumidor')
  @HttpCode(200)
  debit(@Body() body: unknown, @Headers('authtoken') token: string): Answer {
    return this.store.debit(parse(debitarSchema, body), this.origin(token));
  }

  @Post('ResgataPremio')
  @HttpCode(200)
  redeemPrize(@Body() body: unknown, @Headers('authtoken') token: string): Answer {
    return this.store.redeemPrize(parse(resgataPremioSchema, body), this.origin(token));
  }

  @Post('ListaProdutos')
  @HttpCode(200)
  listPrizes(): Answer {
    return this.store.listPrizes();
  }

  @Get('ListaProdutos')
  listPrizesGet(): Answer {
    return this.store.listPrizes();
  }

  /** Cashback redemption. */
  @Post('Cashback')
  @HttpCode(200)
  redeemCashback(@Body() body: unknown, @Headers('authtoken') token: string): Answer {
    return this.store.redeemCashback(parse(cashbackSchema, body), this.origin(token));
  }

  @Post('VerificarCashback')
  @HttpCode(200)
  verifyCashback(@Body() body: unknown): Answer {
    return this.store.verifyCashback(parse(verificarCashbackSchema, body));
  }

  @Post('ExtratoConsumidor')
  @HttpCode(200)
  statement(@Body() body: unknown): Answer {
    return this.store.statement(parse(consultaSchema, body));
  }

  private origin(token: string): TokenOrigin {
    return this.tokens.originOf(token) ?? 'loja';
  }
}
