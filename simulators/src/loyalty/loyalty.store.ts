import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { toBrDate, toSaoPauloIso } from '../common/dates';
import { centavosToReais, reaisToCentavos } from '../common/money';
import { ClockService } from '../core/clock.service';
import { LOYALTY_CODES, loyaltyError } from '../core/error-shapes';
import { ResetRegistry, type Resettable } from '../core/reset-registry';
import { LOYALTY_PROGRAM, type LoyaltyConsumer, type LoyaltyPrize, seedConsumers, seedPrizes } from './loyalty.fixtures';

/** Where a call came from: a single-store token or a branch token. */
export type TokenOrigin = 'loja' | 'filial';

/** Fidelimax's point-type codes (Mapeamento Tipos Pontuações API). */
const TIPO = { CREDITO: 205, RESGATE_PREMIO: 206, ESTORNO: 207, RESGATE_CASHBACK: 210 } as const;

export type MovementKind = 'pontuacao' | 'estorno_total' | 'estorno_parcial' | 'resgate_premio' | 'resgate_cashback';

export interface Movement {
  id: number;
  kind: MovementKind;
  tipoPontuacao: number;
  consumerId: number;
  cpf: string | null;
  telefone: string | null;
  /** Signed: positive credits, negative debits. */
  pontos: number;
  /** Signed centavos. */
  cashbackCents: number;
  /** Purchase or debit amount the movement was computed from. */
  valorCents: number | null;
  verificador: string | null;
  descricao: string;
  origem: TokenOrigin;
  createdAtMs: number;
  /** For accruals: the reversal that undid it. */
  estornadoPor: number | null;
  voucher: string | null;
}

export interface Identification {
  cpf?: string | undefined;
  telefone?: string | undefined;
}

const ok = { CodigoResposta: LOYALTY_CODES.OK, MensagemErro: null } as const;
type Answer = Record<string, unknown>;

/**
 * Loyalty program ledger. Idempotency follows the `verificador`: an accrual with a verificador already used does
 * not credit again, a total reversal by verificador happens once. Balances never go below zero: a reversal takes
 * what is left and records how much it actually took.
 */
@Injectable()
export class LoyaltyStore implements Resettable {
  private consumers: LoyaltyConsumer[] = [];
  private prizes: LoyaltyPrize[] = [];
  private movements: Movement[] = [];
  private nextMovementId = 1;
  private nextConsumerId = 6000;

  constructor(
    private readonly clock: ClockService,
    registry: ResetRegistry,
  ) {
    registry.register('loyalty', this);
    this.reset();
  }

  reset(): void {
    this.consumers = seedConsumers(this.clock.now());
    this.prizes = seedPrizes();
    this.movements = [];
    this.nextMovementId = 1;
    this.nextConsumerId = 6000;
  }

  consult(id: Identification): Answer {
    const c = this.activeConsumer(id);
    return {
      ...ok,
      nome: c.nome,
      cpf: c.cpf,
      telefone: formatPhone(c.telefone),
      categoria: c.categoria,
      saldo: c.pontos,
      saldo_cashback: centavosToReais(c.cashbackCents),
      pontos_expirar: 0,
      data_expiracao: null,
      premios: this.prizes.filter((p) => p.quantidade > 0 && p.pontos <= c.pontos).map(prizeDto),
    };
  }

  register(input: {
    nome: string;
    cpf?: string | undefined;
    telefone?: string | undefined;
    sexo?: string | undefined;
    nascimento?: string | undefined;
    email?: string | undefined;
  }): Answer {
    const existing = this.find(input);
    if (existing) throw loyaltyError(200, LOYALTY_CODES.CONSUMER_ALREADY_REGISTERED, 'Consumidor já cadastrado no programa de fidelidade.');
    const consumer: LoyaltyConsumer = {
      id: this.nextConsumerId++,
      nome: input.nome,
      cpf: input.cpf ?? null,
      telefone: input.telefone ?? null,
      email: input.email ?? null,
      sexo: input.sexo ?? null,
      nascimento: input.nascimento ?? null,
      categoria: 'Bronze',
      ativo: true,
      pontos: 0,
      cashbackCents: 0,
      cadastradoEm: this.clock.now(),
    };
    this.consumers.push(consumer);
    return { ...ok, id: consumer.id, nome: consumer.nome, saldo: 0 };
  }

  accrue(
    input: Identification & {
      pontuacao_reais: number;
      tipo_compra?: string | undefined;
      verificador?: string | undefined;
    },
    origem: TokenOrigin,
  ): Answer {
    const c = this.activeConsumer(input);
    const valorCents = this.money(input.pontuacao_reais, 'pontuacao_reais');
    if (input.verificador !== undefined) {
      const previous = this.accrualOf(input.verificador);
      if (previous) {
        if (previous.consumerId !== c.id || previous.valorCents !== valorCents) {
          throw loyaltyError(200, LOYALTY_CODES.VERIFICADOR_CONFLICT, `Verificador ${input.verificador} já utilizado em outra pontuação.`);
        }
        return {
          ...ok,
          pontos: previous.pontos,
          cashback: centavosToReais(previous.cashbackCents),
          saldo_atual: c.pontos,
          saldo_cashback: centavosToReais(c.cashbackCents),
          verificador: input.verificador,
          duplicado: true,
        };
      }
    }
    const pontos = Math.floor((valorCents * LOYALTY_PROGRAM.pointsPerReal) / 100);
    const cashbackCents = Math.floor((valorCents * LOYALTY_PROGRAM.cashbackBps) / 10_000);
    c.pontos += pontos;
    c.cashbackCents += cashbackCents;
    this.record({
      kind: 'pontuacao',
      tipoPontuacao: TIPO.CREDITO,
      consumer: c,
      pontos,
      cashbackCents,
      valorCents,
      verificador: input.verificador ?? null,
      descricao: input.tipo_compra ?? 'Compra',
      origem,
    });
    return {
      ...ok,
      pontos,
      cashback: centavosToReais(cashbackCents),
      saldo_atual: c.pontos,
      saldo_cashback: centavosToReais(c.cashbackCents),
      verificador: input.verificador ?? null,
      duplicado: false,
    };
  }

  /** Total reversal: PontuaConsumidor with `estorno: true` and the accrual's verificador. Happens once. */
  reverseAccrual(input: Identification & { verificador: string }, origem: TokenOrigin): Answer {
    const c = this.activeConsumer(input);
    const accrual = this.accrualOf(input.verificador);
    if (!accrual || accrual.consumerId !== c.id) {
      throw loyaltyError(
        200,
        LOYALTY_CODES.VERIFICADOR_NOT_FOUND,
        `Nenhuma pontuação com o verificador ${input.verificador} para este consumidor.`,
      );
    }
    if (accrual.estornadoPor !== null) {
      const reversal = this.movements.find((m) => m.id === accrual.estornadoPor);
      return {
        ...ok,
        pontos_estornados: -(reversal?.pontos ?? 0),
        saldo_atual: c.pontos,
        saldo_cashback: centavosToReais(c.cashbackCents),
        verificador: input.verificador,
        duplicado: true,
      };
    }
    const pontos = Math.min(accrual.pontos, c.pontos);
    const cashbackCents = Math.min(accrual.cashbackCents, c.cashbackCents);
    c.pontos -= pontos;
    c.cashbackCents -= cashbackCents;
    const reversal = this.record({
      kind: 'estorno_total',
      tipoPontuacao: TIPO.ESTORNO,
      consumer: c,
      pontos: -pontos,
      cashbackCents: -cashbackCents,
      valorCents: accrual.valorCents,
      verificador: input.verificador,
      descricao: `Estorno da pontuação ${input.verificador}`,
      origem,
    });
    accrual.estornadoPor = reversal.id;
    return {
      ...ok,
      pontos_estornados: pontos,
      saldo_atual: c.pontos,
      saldo_cashback: centavosToReais(c.cashbackCents),
      verificador: input.verificador,
      duplicado: false,
    };
  }

  /** Partial reversal ("estorno de pontos avulsos"). A repeated optional verificador does not debit twice. */
  debit(
    input: Identification & { debito_reais: number; descricao_estorno: string; verificador?: string | undefined },
    origem: TokenOrigin,
  ): Answer {
    const c = this.activeConsumer(input);
    const valorCents = this.money(input.debito_reais, 'debito_reais');
    const replay = this.replayOf('estorno_parcial', input.verificador, c.id);
    if (replay) return { ...ok, pontos_debitados: -replay.pontos, saldo_atual: c.pontos, duplicado: true };
    const wanted = Math.floor((valorCents * LOYALTY_PROGRAM.pointsPerReal) / 100);
    const pontos = Math.min(wanted, c.pontos);
    const cashbackCents = Math.min(Math.floor((valorCents * LOYALTY_PROGRAM.cashbackBps) / 10_000), c.cashbackCents);
    c.pontos -= pontos;
    c.cashbackCents -= cashbackCents;
    this.record({
      kind: 'estorno_parcial',
      tipoPontuacao: TIPO.ESTORNO,
      consumer: c,
      pontos: -pontos,
      cashbackCents: -cashbackCents,
      valorCents,
      verificador: input.verificador ?? null,
      descricao: input.descricao_estorno,
      origem,
    });
    return {
      ...ok,
      pontos_debitados: pontos,
      saldo_atual: c.pontos,
      saldo_cashback: centavosToReais(c.cashbackCents),
      duplicado: false,
    };
  }

  redeemPrize(input: Identification & { premio_identificador: string; verificador?: string | undefined }, origem: TokenOrigin): Answer {
    const c = this.activeConsumer(input);
    const replay = this.replayOf('resgate_premio', input.verificador, c.id);
    if (replay)
      return {
        ...ok,
        voucher: replay.voucher,
        pontos_debitados: -replay.pontos,
        saldo_atual: c.pontos,
        duplicado: true,
      };
    const prize = this.prizes.find((p) => p.identificador.toUpperCase() === input.premio_identificador.toUpperCase());
    if (!prize || prize.quantidade <= 0) {
      throw loyaltyError(200, LOYALTY_CODES.PRIZE_NOT_FOUND, `Prêmio ${input.premio_identificador} não encontrado ou esgotado.`);
    }
    if (c.pontos < prize.pontos) {
      throw loyaltyError(
        200,
        LOYALTY_CODES.INSUFFICIENT_BALANCE,
        `Saldo de ${c.pontos} pontos insuficiente para o prêmio (${prize.pontos} pontos).`,
      );
    }
    c.pontos -= prize.pontos;
    prize.quantidade -= 1;
    const voucher = `VC-${randomBytes(4).toString('hex').toUpperCase()}`;
    this.record({
      kind: 'resgate_premio',
      tipoPontuacao: TIPO.RESGATE_PREMIO,
      consumer: c,
      pontos: -prize.pontos,
      cashbackCents: 0,
      valorCents: null,
      verificador: input.verificador ?? null,
      descricao: `Resgate: ${prize.nome}`,
      origem,
      voucher,
    });
    return {
      ...ok,
      voucher,
      premio: prizeDto(prize),
      pontos_debitados: prize.pontos,
      saldo_atual: c.pontos,
      duplicado: false,
    };
  }

  redeemCashback(input: Identification & { cashback: number; verificador?: string | undefined }, origem: TokenOrigin): Answer {
    const c = this.activeConsumer(input);
    const cents = this.money(input.cashback, 'cashback');
    const replay = this.replayOf('resgate_cashback', input.verificador, c.id);
    if (replay)
      return {
        ...ok,
        cashback_resgatado: centavosToReais(-replay.cashbackCents),
        saldo_cashback: centavosToReais(c.cashbackCents),
        duplicado: true,
      };
    if (c.cashbackCents < cents) {
      throw loyaltyError(
        200,
        LOYALTY_CODES.INSUFFICIENT_BALANCE,
        `Saldo de cashback R$ ${centavosToReais(c.cashbackCents).toFixed(2)} insuficiente.`,
      );
    }
    c.cashbackCents -= cents;
    this.record({
      kind: 'resgate_cashback',
      tipoPontuacao: TIPO.RESGATE_CASHBACK,
      consumer: c,
      pontos: 0,
      cashbackCents: -cents,
      valorCents: cents,
      verificador: input.verificador ?? null,
      descricao: 'Resgate de cashback',
      origem,
    });
    return {
      ...ok,
      cashback_resgatado: centavosToReais(cents),
      saldo_cashback: centavosToReais(c.cashbackCents),
      duplicado: false,
    };
  }

  verifyCashback(input: Identification & { pontuacao_reais?: number | undefined; valor?: number | undefined }): Answer {
    const c = this.activeConsumer(input);
    const amount = input.pontuacao_reais ?? input.valor;
    const cents = amount === undefined ? 0 : this.money(amount, input.pontuacao_reais !== undefined ? 'pontuacao_reais' : 'valor');
    return {
      ...ok,
      saldo_cashback: centavosToReais(c.cashbackCents),
      cashback_a_creditar: centavosToReais(Math.floor((cents * LOYALTY_PROGRAM.cashbackBps) / 10_000)),
      percentual_cashback: LOYALTY_PROGRAM.cashbackBps / 100,
    };
  }

  statement(id: Identification): Answer {
    const c = this.activeConsumer(id);
    return {
      ...ok,
      nome: c.nome,
      saldo: c.pontos,
      saldo_cashback: centavosToReais(c.cashbackCents),
      extrato: this.movements
        .filter((m) => m.consumerId === c.id)
        .map((m) => ({
          data: toBrDate(m.createdAtMs),
          tipo_pontuacao: m.tipoPontuacao,
          descricao: m.descricao,
          pontos: m.pontos,
          cashback: centavosToReais(m.cashbackCents),
          verificador: m.verificador,
        })),
    };
  }

  listPrizes(): Answer {
    return { ...ok, produtos: this.prizes.map(prizeDto) };
  }

  // ---- control API -------------------------------------------------------------------------------------------

  listMovements(filter: { cpf?: string | undefined; verificador?: string | undefined }): Record<string, unknown>[] {
    return this.movements
      .filter((m) => filter.cpf === undefined || m.cpf === filter.cpf.replace(/\D/g, ''))
      .filter((m) => filter.verificador === undefined || m.verificador === filter.verificador)
      .map((m) => ({
        id: m.id,
        kind: m.kind,
        tipoPontuacao: m.tipoPontuacao,
        consumerId: m.consumerId,
        cpf: m.cpf,
        telefone: m.telefone,
        pontos: m.pontos,
        cashbackCents: m.cashbackCents,
        valorCents: m.valorCents,
        verificador: m.verificador,
        descricao: m.descricao,
        origem: m.origem,
        estornadoPor: m.estornadoPor,
        voucher: m.voucher,
        createdAt: toSaoPauloIso(m.createdAtMs),
      }));
  }

  listConsumers(): Record<string, unknown>[] {
    return this.consumers.map((c) => ({
      id: c.id,
      nome: c.nome,
      cpf: c.cpf,
      telefone: c.telefone,
      categoria: c.categoria,
      ativo: c.ativo,
      pontos: c.pontos,
      cashbackCents: c.cashbackCents,
    }));
  }

  upsertConsumer(input: {
    nome: string;
    cpf?: string | undefined;
    telefone?: string | undefined;
    categoria: string;
    ativo: boolean;
    pontos: number;
    cashbackCents: number;
  }): Record<string, unknown> {
    const existing = this.find(input);
    const consumer: LoyaltyConsumer = {
      id: existing?.id ?? this.nextConsumerId++,
      nome: input.nome,
      cpf: input.cpf ?? existing?.cpf ?? null,
      telefone: input.telefone ?? existing?.telefone ?? null,
      email: existing?.email ?? null,
      sexo: existing?.sexo ?? null,
      nascimento: existing?.nascimento ?? null,
      categoria: input.categoria,
      ativo: input.ativo,
      pontos: input.pontos,
      cashbackCents: input.cashbackCents,
      cadastradoEm: existing?.cadastradoEm ?? this.clock.now(),
    };
    this.consumers = [...this.consumers.filter((c) => c.id !== consumer.id), consumer];
    return {
      id: consumer.id,
      nome: consumer.nome,
      cpf: consumer.cpf,
      telefone: consumer.telefone,
      pontos: consumer.pontos,
      cashbackCents: consumer.cashbackCents,
    };
  }

  // ---- internals ---------------------------------------------------------------------------------------------

  private find(id: Identification): LoyaltyConsumer | undefined {
    return this.consumers.find(
      (c) => (id.cpf !== undefined && c.cpf === id.cpf) || (id.telefone !== undefined && c.telefone === id.telefone),
    );
  }

  private activeConsumer(id: Identification): LoyaltyConsumer {
    const c = this.find(id);
    if (!c || !c.ativo)
      throw loyaltyError(200, LOYALTY_CODES.CONSUMER_NOT_FOUND, 'Consumidor não existe ou está inativo no programa de fidelidade.');
    return c;
  }

  private accrualOf(verificador: string): Movement | undefined {
    return this.movements.find((m) => m.kind === 'pontuacao' && m.verificador === verificador);
  }

  private replayOf(kind: MovementKind, verificador: string | undefined, consumerId: number): Movement | undefined {
    if (verificador === undefined) return undefined;
    const previous = this.movements.find((m) => m.kind === kind && m.verificador === verificador);
    if (previous && previous.consumerId !== consumerId) {
      throw loyaltyError(200, LOYALTY_CODES.VERIFICADOR_CONFLICT, `Verificador ${verificador} já utilizado por outro consumidor.`);
    }
    return previous;
  }

  private money(reais: number, field: string): number {
    const cents = reaisToCentavos(reais);
    if (cents === null || cents <= 0)
      throw loyaltyError(200, LOYALTY_CODES.INVALID_PARAMETERS, `${field}: valor inválido (até duas casas decimais).`);
    return cents;
  }

  private record(m: {
    kind: MovementKind;
    tipoPontuacao: number;
    consumer: LoyaltyConsumer;
    pontos: number;
    cashbackCents: number;
    valorCents: number | null;
    verificador: string | null;
    descricao: string;
    origem: TokenOrigin;
    voucher?: string;
  }): Movement {
    const movement: Movement = {
      id: this.nextMovementId++,
      kind: m.kind,
      tipoPontuacao: m.tipoPontuacao,
      consumerId: m.consumer.id,
      cpf: m.consumer.cpf,
      telefone: m.consumer.telefone,
      pontos: m.pontos,
      cashbackCents: m.cashbackCents,
      valorCents: m.valorCents,
      verificador: m.verificador,
      descricao: m.descricao,
      origem: m.origem,
      createdAtMs: this.clock.now(),
      estornadoPor: null,
      voucher: m.voucher ?? null,
    };
    this.movements.push(movement);
    return movement;
  }
}

function prizeDto(p: LoyaltyPrize): Record<string, unknown> {
  return {
    identificador: p.identificador,
    nome: p.nome,
    descricao: p.descricao,
    pontos: p.pontos,
    quantidade_disponivel: p.quantidade,
  };
}

function formatPhone(digits: string | null): string | null {
  if (digits === null) return null;
  const ddd = digits.slice(0, 2);
  const rest = digits.slice(2);
  return `(${ddd})${rest.slice(0, rest.length - 4)}-${rest.slice(-4)}`;
}
