import { Inject, Injectable } from '@nestjs/common';
import { canonicalJson } from '../common/canonical-json';
import { addDays, addMonths, toSaoPauloDate, toSaoPauloIso } from '../common/dates';
import { maskDocument } from '../common/documents';
import { numericCode, Sequence } from '../common/ids';
import { centavosToReais, formatBrl } from '../common/money';
import { type SimulatorsConfig } from '../config';
import { ClockService } from '../core/clock.service';
import { creditError } from '../core/error-shapes';
import { ResetRegistry, type Resettable } from '../core/reset-registry';
import { SIM_CONFIG } from '../core/tokens';
import { renderBooklet } from './booklet-pdf';
import { bandsForLimit, CREDIT_SHOPS, type CreditCustomerRecord, type CreditShop, seedCreditCustomers } from './credit.fixtures';
import { type CalcularInput, type CustomerUpsert, type GerarCodigoInput, type VenderInput } from './credit.schemas';
import { installmentOptions, type InstallmentOption, type PaymentPlan } from './installments';

export type CodeStatus = 'pending' | 'confirmed' | 'expired' | 'blocked';

interface AuthorizationCode {
  id: number;
  codigo: string;
  tipo: 'WHATSAPP' | 'SMS';
  destino: string;
  nomeCliente: string;
  lojaId: number;
  nomeProduto: string;
  valorProduto: string;
  qtdParcela: string;
  valorParcela: string;
  createdAtMs: number;
  expiresAtMs: number;
  attempts: number;
  maxAttempts: number;
  confirmedAtMs: number | null;
  blocked: boolean;
  saleId: number | null;
}

interface CreditSale {
  id: number;
  carneId: number;
  autorizacaoId: number;
  clienteId: number;
  lojaId: number;
  nomeProduto: string;
  formaPagamento: string;
  planoPagamentoId: number;
  valorProdutoCents: number;
  entradaCents: number;
  option: InstallmentOption;
  parcelas: { numero: number; vencimento: string; valorCents: number; linhaDigitavel: string }[];
  createdAtMs: number;
  fingerprint: string;
  venderCalls: number;
}

/** One installment option as the provider prints it (numbers in reais). */
export interface InstallmentOptionDto {
  vlPrimeiraParcela: number;
  vlDemaisParcela: number;
  vlUltimaParcela: number;
  vlEntrada: number;
  vlParcelaSemTaxaJuros: number;
  qtdParcela: number;
  jurosFinanc: number;
  tarifa: number;
  planoPagamentoId: number;
  valorTotal: number;
}

/** The store-credit provider's state: customers and their limits, authorization codes, sales and booklets. */
@Injectable()
export class CreditStore implements Resettable {
  private customers = new Map<number, CreditCustomerRecord>();
  private codes = new Map<number, AuthorizationCode>();
  private sales = new Map<number, CreditSale>();
  private salesByAuthorization = new Map<number, CreditSale>();
  private readonly codeIds = new Sequence(1530);
  private readonly saleIds = new Sequence(678200);
  private readonly carneIds = new Sequence(693790);
  private readonly customerIds = new Sequence(343300);

  constructor(
    @Inject(SIM_CONFIG) private readonly config: SimulatorsConfig,
    private readonly clock: ClockService,
    registry: ResetRegistry,
  ) {
    registry.register('credit', this);
    this.reset();
  }

  reset(): void {
    this.customers = new Map(seedCreditCustomers().map((c) => [c.id, c]));
    this.codes = new Map();
    this.sales = new Map();
    this.salesByAuthorization = new Map();
    this.codeIds.reset();
    this.saleIds.reset();
    this.carneIds.reset();
    this.customerIds.reset();
  }

  // ---- customers ---------------------------------------------------------------------------------------------

  consultaSpc(input: { cpf: string; empresaId: number; lojaId: number; redeId: number }): Record<string, unknown> {
    const shop = this.shop(input.lojaId);
    if (shop.empresaId !== input.empresaId || shop.redeId !== input.redeId) {
      throw creditError(422, 'LOJA_INVALIDA', `Loja ${input.lojaId} não pertence à empresa ${input.empresaId} / rede ${input.redeId}.`);
    }
    const customer = [...this.customers.values()].find((c) => c.cpf === input.cpf);
    if (!customer) throw creditError(404, 'CLIENTE_NAO_CADASTRADO', 'Cliente não possui cadastro no crediário da loja.');
    return customerRecordDto(customer, this.availableCents(customer));
  }

  availableLimit(clienteId: number, lojaId: number): number {
    this.shop(lojaId);
    return centavosToReais(this.availableCents(this.customer(clienteId)));
  }

  scoreBands(clienteId: number, lojaId: number): Record<string, unknown> {
    this.shop(lojaId);
    return bandsDto(this.customer(clienteId));
  }

  upsertCustomer(input: CustomerUpsert): Record<string, unknown> {
    const existing = [...this.customers.values()].find((c) => c.cpf === input.cpf || c.id === input.id);
    const [seed] = seedCreditCustomers();
    if (!seed) throw new Error('credit fixtures are empty');
    const record: CreditCustomerRecord = {
      ...seed,
      ...existing,
      id: existing?.id ?? input.id ?? this.customerIds.take(),
      cpf: input.cpf,
      nome: input.nome.toUpperCase(),
      celular: input.celular,
      email: input.email,
      score: input.score,
      limitCents: input.limitCents,
      usedCents: existing?.usedCents ?? 0,
      negativadoSpc: input.negativadoSpc,
      autorizaCompra: input.autorizaCompra,
      bands: bandsForLimit(input.limitCents),
    };
    this.customers.set(record.id, record);
    return customerRecordDto(record, this.availableCents(record));
  }

  listCustomers(): Record<string, unknown>[] {
    return [...this.customers.values()].map((c) => customerRecordDto(c, this.availableCents(c)));
  }

  // ---- shop parameters ---------------------------------------------------------------------------------------

  paymentPlans(lojaId: number): { id: number; descricao: string }[] {
    return this.shop(lojaId).plans.map((p) => ({ id: p.id, descricao: p.descricao }));
  }

  saleParameters(lojaId: number, planoId: number): Record<string, unknown> {
    const shop = this.shop(lojaId);
    const plan = this.plan(shop, planoId);
    return {
      lojaId: shop.lojaId,
      vlTarifaParcelaBanco: centavosToReais(plan.feePerInstallmentCents),
      vlTarifaParcelaLoja: 0,
      vlLimitePreAprovado: null,
      nomeProduto: null,
      vlProduto: null,
      vlEntrada: null,
      qtdParcela: null,
      vlParcela: null,
      codigoAutorizacao: null,
      parcelarEm: plan.maxInstallments,
      formasPagamento: [...shop.formasPagamento],
      lojistaEmail: shop.lojistaEmail,
      lojistaTelefone: shop.lojistaTelefone,
    };
  }

  // ---- calculation -------------------------------------------------------------------------------------------

  calculate(input: CalcularInput): InstallmentOptionDto[] {
    return this.evaluate(input).options.map(optionDto);
  }

  // ---- authorization codes -----------------------------------------------------------------------------------

  /** Issues a code and "sends" it to the customer (recorded; read it back with the control API). */
  generateCode(input: GerarCodigoInput): Record<string, unknown> {
    this.shop(input.lojaId);
    const now = this.clock.now();
    const code: AuthorizationCode = {
      id: this.codeIds.take(),
      codigo: numericCode(this.config.credit.codeLength),
      tipo: input.tipo,
      destino: input.destino,
      nomeCliente: input.nomeCliente,
      lojaId: input.lojaId,
      nomeProduto: input.nomeProduto,
      valorProduto: input.valorProduto,
      qtdParcela: String(input.qtdParcela),
      valorParcela: input.valorParcela,
      createdAtMs: now,
      expiresAtMs: now + this.config.credit.codeTtlSeconds * 1000,
      attempts: 0,
      maxAttempts: this.config.credit.codeMaxAttempts,
      confirmedAtMs: null,
      blocked: false,
      saleId: null,
    };
    this.codes.set(code.id, code);
    return {
      id: code.id,
      tipo: code.tipo,
      destino: code.destino,
      nomeCliente: code.nomeCliente,
      lojaId: code.lojaId,
      nomeProduto: code.nomeProduto,
      valorProduto: code.valorProduto,
      qtdParcela: code.qtdParcela,
      valorParcela: code.valorParcela,
    };
  }

  /** Wrong code → 422 CODIGO_INVALIDO with the attempts left; after the last attempt the code is blocked. */
  confirmCode(id: number, codigo: string): Record<string, unknown> {
    const code = this.codes.get(id);
    if (!code) throw creditError(404, 'AUTORIZACAO_NAO_ENCONTRADA', `Código de autorização ${id} não encontrado.`);
    const status = this.codeStatus(code);
    if (status === 'confirmed') {
      if (codigo === code.codigo) return confirmedDto(code);
      throw creditError(422, 'CODIGO_JA_CONFIRMADO', 'Este código de autorização já foi confirmado.');
    }
    if (status === 'expired') throw creditError(422, 'CODIGO_EXPIRADO', 'Código de autorização expirado. Gere um novo código.');
    if (status === 'blocked') throw creditError(422, 'TENTATIVAS_EXCEDIDAS', 'Número máximo de tentativas excedido. Gere um novo código.');
    code.attempts++;
    if (codigo !== code.codigo) {
      const remaining = code.maxAttempts - code.attempts;
      if (remaining <= 0) {
        code.blocked = true;
        throw creditError(422, 'TENTATIVAS_EXCEDIDAS', 'Código inválido. Número máximo de tentativas excedido; gere um novo código.', {
          tentativasRestantes: 0,
        });
      }
      throw creditError(422, 'CODIGO_INVALIDO', 'Código de autorização inválido.', { tentativasRestantes: remaining });
    }
    code.confirmedAtMs = this.clock.now();
    return confirmedDto(code);
  }

  listCodes(filter: { destino?: string | undefined; id?: number | undefined }): Record<string, unknown>[] {
    const digits = filter.destino?.replace(/\D/g, '');
    return [...this.codes.values()]
      .filter((c) => filter.id === undefined || c.id === filter.id)
      .filter((c) => digits === undefined || c.destino.replace(/\D/g, '') === digits)
      .map((c) => ({
        id: c.id,
        codigo: c.codigo,
        tipo: c.tipo,
        destino: c.destino,
        nomeCliente: c.nomeCliente,
        lojaId: c.lojaId,
        nomeProduto: c.nomeProduto,
        valorProduto: c.valorProduto,
        qtdParcela: c.qtdParcela,
        valorParcela: c.valorParcela,
        status: this.codeStatus(c),
        attempts: c.attempts,
        maxAttempts: c.maxAttempts,
        createdAt: toSaoPauloIso(c.createdAtMs),
        expiresAt: toSaoPauloIso(c.expiresAtMs),
        confirmedAt: c.confirmedAtMs === null ? null : toSaoPauloIso(c.confirmedAtMs),
        saleId: c.saleId,
      }));
  }

  // ---- sale --------------------------------------------------------------------------------------------------

  /**
   * Sells on credit. Idempotent by autorizacaoId: the same authorization never makes a second sale; a repeat
   * with the same content returns the first sale, with different content it is refused.
   */
  sell(input: VenderInput): { id: number; mensagem: null; permissao: null; carneId: number } {
    const code = this.codes.get(input.autorizacaoId);
    if (!code) throw creditError(404, 'AUTORIZACAO_NAO_ENCONTRADA', `Código de autorização ${input.autorizacaoId} não encontrado.`);
    const fingerprint = canonicalJson({
      clienteId: input.clienteId,
      lojaId: input.lojaId,
      vlProduto: input.vlProduto,
      vlEntrada: input.vlEntrada ?? 0,
      planoPagamentoId: input.planoPagamentoId,
      formaPagamento: input.formaPagamento,
      qtdParcela: input.parcelaSelecionada.qtdParcela,
    });
    const existing = this.salesByAuthorization.get(code.id);
    if (existing) {
      existing.venderCalls++;
      if (existing.fingerprint !== fingerprint) {
        throw creditError(
          422,
          'AUTORIZACAO_JA_UTILIZADA',
          `A autorização ${code.id} já foi usada na venda ${existing.id} com outros dados.`,
        );
      }
      return { id: existing.id, mensagem: null, permissao: null, carneId: existing.carneId };
    }
    if (this.codeStatus(code) !== 'confirmed') {
      throw creditError(422, 'AUTORIZACAO_NAO_CONFIRMADA', 'O código de autorização ainda não foi confirmado pelo cliente.');
    }
    if (code.lojaId !== input.lojaId || Number(code.qtdParcela) !== input.parcelaSelecionada.qtdParcela) {
      throw creditError(422, 'AUTORIZACAO_DIVERGENTE', 'A autorização foi gerada para outra loja ou outra quantidade de parcelas.');
    }
    const { customer, plan, options, entradaCents } = this.evaluate(input);
    const chosen = options.find(
      (o) => o.count === input.parcelaSelecionada.qtdParcela && o.planId === input.parcelaSelecionada.planoPagamentoId,
    );
    if (!chosen)
      throw creditError(
        422,
        'PARCELA_INVALIDA',
        `Opção de ${input.parcelaSelecionada.qtdParcela} parcelas indisponível para o plano ${input.planoPagamentoId}.`,
      );
    const offBy = (reais: number, cents: number): boolean => Math.abs(Math.round(reais * 100) - cents) > 1;
    if (
      offBy(input.parcelaSelecionada.valorTotal, chosen.totalCents) ||
      offBy(input.parcelaSelecionada.vlPrimeiraParcela, chosen.firstCents)
    ) {
      throw creditError(
        422,
        'PARCELA_DIVERGENTE',
        'Os valores da parcela selecionada não conferem com o cálculo atual. Recalcule a venda.',
      );
    }
    const now = this.clock.now();
    const saleDate = toSaoPauloDate(now);
    const firstDue = addDays(saleDate, input.diasPrimeiraParcela ?? plan.firstDueInDays);
    const sale: CreditSale = {
      id: this.saleIds.take(),
      carneId: this.carneIds.take(),
      autorizacaoId: code.id,
      clienteId: customer.id,
      lojaId: input.lojaId,
      nomeProduto: input.nomeProduto,
      formaPagamento: input.formaPagamento,
      planoPagamentoId: plan.id,
      valorProdutoCents: input.vlProduto,
      entradaCents,
      option: chosen,
      parcelas: [],
      createdAtMs: now,
      fingerprint,
      venderCalls: 1,
    };
    sale.parcelas = chosen.schedule.map((valorCents, i) => ({
      numero: i + 1,
      vencimento: addMonths(firstDue, i),
      valorCents,
      linhaDigitavel: linhaDigitavel(sale.carneId, i + 1, valorCents),
    }));
    customer.usedCents += chosen.principalCents;
    code.saleId = sale.id;
    this.sales.set(sale.id, sale);
    this.salesByAuthorization.set(code.id, sale);
    return { id: sale.id, mensagem: null, permissao: null, carneId: sale.carneId };
  }

  /** The booklet PDF by carnê id (the sale id is accepted too). */
  async bookletPdf(id: number): Promise<Uint8Array> {
    const sale = [...this.sales.values()].find((s) => s.carneId === id) ?? this.sales.get(id);
    if (!sale) throw creditError(404, 'CARNE_NAO_ENCONTRADO', `Carnê ${id} não encontrado.`);
    const customer = this.customer(sale.clienteId);
    return renderBooklet({
      carneId: sale.carneId,
      vendaId: sale.id,
      lojaNome: this.shop(sale.lojaId).nome,
      clienteNome: customer.nome,
      clienteCpf: maskDocument(customer.cpf),
      nomeProduto: sale.nomeProduto,
      valorProdutoCents: sale.valorProdutoCents,
      entradaCents: sale.entradaCents,
      totalCents: sale.option.totalCents,
      emitidoEm: toSaoPauloDate(sale.createdAtMs),
      parcelas: sale.parcelas,
    });
  }

  listSales(): Record<string, unknown>[] {
    return [...this.sales.values()].map((s) => ({
      id: s.id,
      carneId: s.carneId,
      autorizacaoId: s.autorizacaoId,
      clienteId: s.clienteId,
      lojaId: s.lojaId,
      nomeProduto: s.nomeProduto,
      formaPagamento: s.formaPagamento,
      planoPagamentoId: s.planoPagamentoId,
      vlProduto: centavosToReais(s.valorProdutoCents),
      vlEntrada: centavosToReais(s.entradaCents),
      qtdParcela: s.option.count,
      valorTotal: centavosToReais(s.option.totalCents),
      parcelas: s.parcelas.map((p) => ({
        numero: p.numero,
        vencimento: p.vencimento,
        valor: centavosToReais(p.valorCents),
      })),
      createdAt: toSaoPauloIso(s.createdAtMs),
      venderCalls: s.venderCalls,
    }));
  }

  // ---- internals ---------------------------------------------------------------------------------------------

  /** Business checks shared by calcular and vender: customer standing, plan, payment form, down payment, limit. */
  private evaluate(input: CalcularInput): {
    customer: CreditCustomerRecord;
    plan: PaymentPlan;
    options: InstallmentOption[];
    entradaCents: number;
  } {
    const shop = this.shop(input.lojaId);
    const customer = this.customer(input.clienteId);
    const plan = this.plan(shop, input.planoPagamentoId);
    if (!shop.formasPagamento.includes(input.formaPagamento)) {
      throw creditError(
        422,
        'FORMA_PAGAMENTO_INVALIDA',
        `Forma de pagamento ${input.formaPagamento} indisponível; use ${shop.formasPagamento.join(', ')}.`,
      );
    }
    if (customer.negativadoSpc)
      throw creditError(422, 'CLIENTE_NEGATIVADO', 'Cliente com restrição no SPC. Venda no crediário não permitida.');
    if (!customer.autorizaCompra) throw creditError(422, 'COMPRA_NAO_AUTORIZADA', 'Cliente sem autorização de compra no crediário.');
    const productCents = input.vlProduto;
    const entradaCents = input.vlEntrada ?? 0;
    if (productCents <= 0) throw creditError(400, 'VALOR_INVALIDO', 'vlProduto deve ser maior que zero.', { campo: 'vlProduto' });
    if (entradaCents >= productCents)
      throw creditError(422, 'ENTRADA_INVALIDA', 'A entrada deve ser menor que o valor do produto.', {
        campo: 'vlEntrada',
      });
    const band = customer.bands.find((b) => productCents >= b.fromCents && productCents <= b.toCents) ?? customer.bands[2];
    const minEntrada = Math.ceil((productCents * band.minDownPaymentBps) / 10_000);
    if (entradaCents < minEntrada) {
      throw creditError(
        422,
        'ENTRADA_MINIMA',
        `Entrada mínima de ${band.minDownPaymentBps / 100}% (R$ ${formatBrl(minEntrada)}) para esta faixa de valor.`,
        {
          entradaMinima: centavosToReais(minEntrada),
        },
      );
    }
    const principal = productCents - entradaCents;
    const available = this.availableCents(customer);
    if (principal > available) {
      throw creditError(
        422,
        'LIMITE_INSUFICIENTE',
        `Limite disponível de R$ ${formatBrl(available)} é insuficiente para financiar R$ ${formatBrl(principal)}.`,
        {
          limiteDisponivel: centavosToReais(available),
        },
      );
    }
    return { customer, plan, options: installmentOptions(plan, principal, entradaCents), entradaCents };
  }

  private availableCents(customer: CreditCustomerRecord): number {
    return Math.max(0, customer.limitCents - customer.usedCents);
  }

  private codeStatus(code: AuthorizationCode): CodeStatus {
    if (code.confirmedAtMs !== null) return 'confirmed';
    if (code.blocked) return 'blocked';
    if (this.clock.now() > code.expiresAtMs) return 'expired';
    return 'pending';
  }

  private shop(lojaId: number): CreditShop {
    const shop = CREDIT_SHOPS.find((s) => s.lojaId === lojaId);
    if (!shop) throw creditError(404, 'LOJA_NAO_ENCONTRADA', `Loja ${lojaId} não encontrada.`);
    return shop;
  }

  private plan(shop: CreditShop, planoId: number): PaymentPlan {
    const plan = shop.plans.find((p) => p.id === planoId);
    if (!plan) throw creditError(422, 'PLANO_INVALIDO', `Plano de pagamento ${planoId} não disponível na loja ${shop.lojaId}.`);
    return plan;
  }

  private customer(id: number): CreditCustomerRecord {
    const customer = this.customers.get(id);
    if (!customer) throw creditError(404, 'CLIENTE_NAO_ENCONTRADO', `Cliente ${id} não encontrado.`);
    return customer;
  }
}

function optionDto(o: InstallmentOption): InstallmentOptionDto {
  return {
    vlPrimeiraParcela: centavosToReais(o.firstCents),
    vlDemaisParcela: centavosToReais(o.regularCents),
    vlUltimaParcela: centavosToReais(o.lastCents),
    vlEntrada: centavosToReais(o.downPaymentCents),
    vlParcelaSemTaxaJuros: centavosToReais(o.baseInstallmentCents),
    qtdParcela: o.count,
    jurosFinanc: centavosToReais(o.interestCents),
    tarifa: centavosToReais(o.feeCents),
    planoPagamentoId: o.planId,
    valorTotal: centavosToReais(o.totalCents),
  };
}

function confirmedDto(code: AuthorizationCode): Record<string, unknown> {
  return { id: code.id, mensagem: 'Código de autorização confirmado.', permissao: null, confirmado: true };
}

function bandsDto(c: CreditCustomerRecord): Record<string, unknown> {
  const dto: Record<string, unknown> = { id: null, mensagem: null, permissao: null };
  c.bands.forEach((b, i) => {
    dto[`faixaInicial${i + 1}`] = centavosToReais(b.fromCents);
    dto[`faixaFinal${i + 1}`] = centavosToReais(b.toCents);
    dto[`peEntrada${i + 1}`] = b.minDownPaymentBps / 100;
  });
  return { ...dto, flgAnaliseVisual: false, grupo: c.grupo };
}

/** The customer record of /v1/cliente/consulta-spc, with the seed example's fields (unknown ones null). */
function customerRecordDto(c: CreditCustomerRecord, availableCents: number): Record<string, unknown> {
  return {
    id: c.id,
    mensagem: null,
    permissao: null,
    dataInicial: null,
    dataFinal: null,
    dataCadastro: c.dataCadastro,
    lojaId: c.lojaId,
    redeId: c.redeId,
    empresaId: c.empresaId,
    nome: c.nome,
    cpf: c.cpf,
    segmentacao: null,
    dataNascimento: c.dataNascimento,
    sexo: c.sexo,
    celular: c.celular,
    email: c.email,
    endereco: { ...c.endereco, complemento: null },
    status: c.negativadoSpc ? 'RESTRITO' : 'NORMAL',
    permitirEnvioSPC: true,
    jaTemCadastroNaLoja: true,
    negativadoSpc: c.negativadoSpc,
    flagAutorizacao: null,
    autorizaCompra: c.autorizaCompra,
    limiteCompartilhado: centavosToReais(c.limitCents),
    limiteDisponivel: centavosToReais(availableCents),
    tipoClienteScore: c.tipoClienteScore,
    mensagemErro: null,
    limitesPreAprovado: bandsDto(c),
    score: c.score,
  };
}

/** A boleto-looking digitable line (format only; it is not a payable slip). */
function linhaDigitavel(carneId: number, numero: number, valorCents: number): string {
  const nosso = `${carneId}${String(numero).padStart(2, '0')}`.padStart(10, '0');
  return `34191.79001 ${nosso.slice(0, 5)}.${nosso.slice(5)}0 91020.150008 1 ${String(valorCents).padStart(14, '0')}`;
}
