import { Injectable } from '@nestjs/common';
import { addDays, nextMondayOnOrAfter, parseDateOnly, toSaoPauloDate, weekdayOf } from '../common/dates';
import { hex32 } from '../common/ids';
import { centavosToReais } from '../common/money';
import { ClockService } from '../core/clock.service';
import { b2bError } from '../core/error-shapes';
import { ResetRegistry, type Resettable } from '../core/reset-registry';
import {
  B2B_BUYER,
  type B2bCatalog,
  type B2bCollection,
  type B2bPaymentCondition,
  type B2bProduct,
  MIN_DELIVERY_DAYS,
  productPhotos,
  seedCatalog,
} from './b2b.fixtures';
import { type OrderStatus } from './b2b.schemas';

/** Quantities per color (or "sortido") per size. */
type Grid = Record<string, Record<string, number>>;

interface Cart {
  id: string;
  numero: string;
  sessaoId: string;
  situacao: OrderStatus;
  colecaoId: string;
  condPagtoId: string;
  formaPagtoId: string;
  dataPrevFaturamento: string;
  /** productId → grid, in insertion order. */
  itens: Map<string, Grid>;
  createdAtMs: number;
  dataPedidoMs: number | null;
  dataAprovacaoMs: number | null;
  dataFaturamentoMs: number | null;
  dataEntregaMs: number | null;
  dataCancelamentoMs: number | null;
}

export const SORTIDO = 'sortido';

/**
 * The wholesale portal: one open cart (`pre`) per session and factory collection; closing turns carts into
 * orders awaiting the factory (`agc`). Everything a session does is isolated from other sessions.
 */
@Injectable()
export class B2bStore implements Resettable {
  private catalog!: B2bCatalog;
  private carts: Cart[] = [];
  private sequence = 873200;

  constructor(
    private readonly clock: ClockService,
    registry: ResetRegistry,
  ) {
    registry.register('b2b', this);
    this.reset();
  }

  reset(): void {
    this.catalog = seedCatalog(this.clock.now());
    this.carts = [];
    this.sequence = 873200;
  }

  openCarts(sessaoId: string): Record<string, unknown>[] {
    return this.carts.filter((c) => c.sessaoId === sessaoId && c.situacao === 'pre').map((c) => this.cartDto(c));
  }

  /** Adds or replaces a product's grid in the session's open cart for the product's collection. */
  upsertItem(sessaoId: string, productId: string, tamanhos: Grid): void {
    const product = this.catalog.products.find((p) => p.id === productId);
    if (!product) throw b2bError(404, 'erro.produto.nao_encontrado', { produto: productId });
    const collection = this.collection(product.colecao_id);
    const today = toSaoPauloDate(this.clock.now());
    if (today < collection.vig_venda_ini || today > collection.vig_venda_fim) {
      throw b2bError(422, 'erro.colecao.fora_vigencia', {
        colecao_id: collection.id,
        vig_venda_ini: collection.vig_venda_ini,
        vig_venda_fim: collection.vig_venda_fim,
      });
    }
    const grid = normalizeGrid(product, tamanhos);
    let cart = this.carts.find((c) => c.sessaoId === sessaoId && c.situacao === 'pre' && c.colecaoId === collection.id);
    if (!cart) {
      const condition = this.conditions()[0];
      const form = condition?.formas[0];
      if (!condition || !form) throw new Error('B2B fixtures have no payment condition');
      cart = {
        id: hex32(),
        numero: this.nextNumero(),
        sessaoId,
        situacao: 'pre',
        colecaoId: collection.id,
        condPagtoId: condition.id,
        formaPagtoId: form.id,
        dataPrevFaturamento: nextMondayOnOrAfter(this.minDeliveryDate()),
        itens: new Map(),
        createdAtMs: this.clock.now(),
        dataPedidoMs: null,
        dataAprovacaoMs: null,
        dataFaturamentoMs: null,
        dataEntregaMs: null,
        dataCancelamentoMs: null,
      };
      this.carts.push(cart);
    }
    cart.itens.set(product.id, grid);
  }

  /** Removes a product from the session's open carts; already absent is fine. Emptied carts disappear. */
  removeItem(sessaoId: string, productId: string): void {
    for (const cart of this.sessionOpenCarts(sessaoId)) cart.itens.delete(productId);
    this.dropEmpty();
  }

  /** Empties every open cart of the session. */
  clear(sessaoId: string): void {
    for (const cart of this.sessionOpenCarts(sessaoId)) cart.itens.clear();
    this.dropEmpty();
  }

  update(
    sessaoId: string,
    cartId: string,
    input: {
      cond_pagto_id?: string | undefined;
      forma_pagto_id?: string | undefined;
      data_prev_faturamento?: string | undefined;
    },
  ): void {
    const cart = this.carts.find((c) => c.id === cartId && c.sessaoId === sessaoId && c.situacao === 'pre');
    if (!cart) throw b2bError(404, 'erro.carrinho.nao_encontrado', { id: cartId });
    const condId = input.cond_pagto_id ?? cart.condPagtoId;
    const condition = this.conditions().find((c) => c.id === condId);
    if (!condition) throw b2bError(422, 'erro.cond_pagto.invalida', { cond_pagto_id: condId });
    // A new condition without a form keeps the current form when the condition allows it, else its first form.
    const formId =
      input.forma_pagto_id ?? (condition.formas.some((f) => f.id === cart.formaPagtoId) ? cart.formaPagtoId : condition.formas[0]?.id);
    if (!formId || !condition.formas.some((f) => f.id === formId)) {
      throw b2bError(422, 'erro.forma_pagto.invalida', { forma_pagto_id: formId ?? null, cond_pagto_id: condition.id });
    }
    let date = cart.dataPrevFaturamento;
    if (input.data_prev_faturamento !== undefined) {
      date = input.data_prev_faturamento;
      if (parseDateOnly(date) === null)
        throw b2bError(400, 'erro.data_prev_faturamento.invalida', {
          data_prev_faturamento: date,
          formato: 'YYYY-MM-DD',
        });
      if (weekdayOf(date) !== 1) throw b2bError(422, 'erro.data_prev_faturamento.nao_segunda', { data_prev_faturamento: date });
      const min = this.minDeliveryDate();
      if (date < min)
        throw b2bError(422, 'erro.data_prev_faturamento.anterior_minima', {
          data_prev_faturamento: date,
          data_min_para_entrega: min,
        });
    }
    cart.condPagtoId = condition.id;
    cart.formaPagtoId = formId;
    cart.dataPrevFaturamento = date;
  }

  /**
   * Closes the given carts (all open ones when `ids` is omitted) into orders awaiting the factory (`agc`).
   * All-or-nothing: every cart is checked (minimum order value, minimum installment, a valid Monday) before any
   * is closed. Ids of carts this session already closed are accepted again, so a retried close is harmless.
   */
  close(sessaoId: string, ids: string[] | null): void {
    let toClose: Cart[];
    if (ids === null) {
      toClose = this.sessionOpenCarts(sessaoId);
      if (toClose.length === 0) throw b2bError(422, 'erro.carrinho.nenhum_aberto');
    } else {
      toClose = [];
      for (const id of ids) {
        const cart = this.carts.find((c) => c.id === id && c.sessaoId === sessaoId);
        if (!cart) throw b2bError(404, 'erro.carrinho.nao_encontrado', { id });
        if (cart.situacao === 'pre') toClose.push(cart);
      }
    }
    for (const cart of toClose) this.checkClosable(cart);
    const now = this.clock.now();
    for (const cart of toClose) {
      cart.situacao = 'agc';
      cart.dataPedidoMs = now;
    }
  }

  // ---- control API -------------------------------------------------------------------------------------------

  allCarts(filter: { sessaoId?: string | undefined; situacao?: string | undefined }): Record<string, unknown>[] {
    return this.carts
      .filter((c) => filter.sessaoId === undefined || c.sessaoId === filter.sessaoId)
      .filter((c) => filter.situacao === undefined || c.situacao === filter.situacao)
      .map((c) => ({ sessao_id: c.sessaoId, ...this.cartDto(c) }));
  }

  setOrderStatus(id: string, situacao: Exclude<OrderStatus, 'pre'>): Record<string, unknown> {
    const cart = this.carts.find((c) => c.id === id);
    if (!cart || cart.situacao === 'pre') throw b2bError(404, 'erro.pedido.nao_encontrado', { id });
    if (cart.situacao === 'can' || cart.situacao === 'con') {
      throw b2bError(422, 'erro.pedido.situacao_final', { id, situacao: cart.situacao });
    }
    const now = this.clock.now();
    cart.situacao = situacao;
    if (situacao === 'agf') cart.dataAprovacaoMs ??= now;
    if (situacao === 'age') {
      cart.dataAprovacaoMs ??= now;
      cart.dataFaturamentoMs ??= now;
    }
    if (situacao === 'con') {
      cart.dataAprovacaoMs ??= now;
      cart.dataFaturamentoMs ??= now;
      cart.dataEntregaMs = now;
    }
    if (situacao === 'can') cart.dataCancelamentoMs = now;
    return { sessao_id: cart.sessaoId, ...this.cartDto(cart) };
  }

  catalogView(): B2bCatalog {
    return this.catalog;
  }

  // ---- internals ---------------------------------------------------------------------------------------------

  private checkClosable(cart: Cart): void {
    const collection = this.collection(cart.colecaoId);
    const total = this.totalCents(cart);
    if (total < collection.valorPedMinCents) {
      throw b2bError(422, 'erro.carrinho.valor_minimo', {
        carrinho_id: cart.id,
        valor_ped_min: centavosToReais(collection.valorPedMinCents),
        valor_total: centavosToReais(total),
      });
    }
    const condition = this.conditions().find((c) => c.id === cart.condPagtoId);
    const installments = condition?.qtd_parcelas ?? 1;
    if (Math.floor(total / installments) < collection.valorParcelaMinCents) {
      throw b2bError(422, 'erro.carrinho.valor_parcela_minima', {
        carrinho_id: cart.id,
        valor_parcela_min: centavosToReais(collection.valorParcelaMinCents),
        qtd_parcelas: installments,
        valor_total: centavosToReais(total),
      });
    }
    const min = this.minDeliveryDate();
    if (cart.dataPrevFaturamento < min) {
      // The default date went stale (the clock moved): move it to the next valid Monday instead of failing.
      cart.dataPrevFaturamento = nextMondayOnOrAfter(min);
    }
  }

  private sessionOpenCarts(sessaoId: string): Cart[] {
    return this.carts.filter((c) => c.sessaoId === sessaoId && c.situacao === 'pre');
  }

  private dropEmpty(): void {
    this.carts = this.carts.filter((c) => c.situacao !== 'pre' || c.itens.size > 0);
  }

  private minDeliveryDate(): string {
    return addDays(toSaoPauloDate(this.clock.now()), MIN_DELIVERY_DAYS);
  }

  private nextNumero(): string {
    const d = toSaoPauloDate(this.clock.now()).replace(/-/g, '').slice(2);
    return `${d}${String(this.sequence++).padStart(6, '0')}`;
  }

  private collection(id: string): B2bCollection {
    const collection = this.catalog.collections.find((c) => c.id === id);
    if (!collection) throw new Error(`B2B fixture collection ${id} missing`);
    return collection;
  }

  private conditions(): B2bPaymentCondition[] {
    return this.catalog.conditions;
  }

  private totalCents(cart: Cart): number {
    let total = 0;
    for (const [productId, grid] of cart.itens) {
      const product = this.catalog.products.find((p) => p.id === productId);
      total += (product?.valorCents ?? 0) * gridQuantity(grid);
    }
    return total;
  }

  private cartDto(cart: Cart): Record<string, unknown> {
    const collection = this.collection(cart.colecaoId);
    const factory = this.catalog.factories.find((f) => f.id === collection.fabrica_id);
    const label = this.catalog.labels.find((l) => l.id === collection.etiqueta_id);
    const condition = this.conditions().find((c) => c.id === cart.condPagtoId);
    const form = condition?.formas.find((f) => f.id === cart.formaPagtoId);
    const itens = [...cart.itens].map(([productId, grid]) => {
      const product = this.catalog.products.find((p) => p.id === productId) as B2bProduct;
      const qtdade = gridQuantity(grid);
      return {
        produto: {
          id: product.id,
          codigo: product.codigo,
          nome: product.nome,
          descricao: product.descricao,
          slug: product.slug,
          tags: product.tags,
          fotos: productPhotos(product, collection),
        },
        valor: centavosToReais(product.valorCents),
        qtdade,
        valor_total: centavosToReais(product.valorCents * qtdade),
        qtdades: grid,
      };
    });
    const total = this.totalCents(cart);
    const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
    return {
      id: cart.id,
      numero: cart.numero,
      situacao: cart.situacao,
      cond_pagto: condition
        ? {
            id: condition.id,
            codigo: condition.codigo,
            nome: condition.nome,
            prazo_medio: condition.prazo_medio,
            qtd_parcelas: condition.qtd_parcelas,
          }
        : null,
      forma_pagto: form ? { ...form } : null,
      cliente: { ...B2B_BUYER },
      fabrica: factory
        ? {
            fuso: -3,
            logo: factory.logo,
            id: factory.id,
            nome: factory.nome,
            nome_fantasia: factory.nome_fantasia,
            slug: factory.slug,
            cnpj: factory.cnpj,
            ie: 'isento',
            im: 'isento',
            data_fundacao: null,
            email: factory.email,
            email_fin: null,
            email_nfe: null,
            email_ped: null,
            ddd: null,
            telefone_com: null,
            telefone_cel: null,
            situacao: 'atv',
            ultima_venda: null,
          }
        : null,
      colecao: {
        valor_ped_min: centavosToReais(collection.valorPedMinCents),
        valor_parcela_min: centavosToReais(collection.valorParcelaMinCents),
        id: collection.id,
        fabrica_id: collection.fabrica_id,
        etiqueta_id: collection.etiqueta_id,
        nome: collection.nome,
        slug: collection.slug,
        prazo_medio_fat: collection.prazo_medio_fat,
        qtdade_produzida_mes: collection.qtdade_produzida_mes,
        vig_venda_ini: collection.vig_venda_ini,
        vig_venda_fim: collection.vig_venda_fim,
        // The portal sends the color table as a JSON string; kept as is.
        tabela_cores: JSON.stringify(collection.cores),
      },
      etiqueta: label ? { logo: label.logo, id: label.id, fabrica_id: label.fabrica_id, nome: label.nome, slug: label.slug } : null,
      qtdade_total: [...cart.itens.values()].reduce((acc, g) => acc + gridQuantity(g), 0),
      valor_itens: centavosToReais(total),
      valor_total: centavosToReais(total),
      data_pedido: iso(cart.dataPedidoMs),
      // Midnight in São Paulo of the chosen Monday, as a UTC timestamp like the portal's.
      data_prev_faturamento: new Date(parseDateOnly(cart.dataPrevFaturamento) ?? 0).toISOString(),
      data_cancelamento: iso(cart.dataCancelamentoMs),
      etapas: [
        { legenda: 'pedido', data: iso(cart.dataPedidoMs) },
        { legenda: 'aprovacao', data: iso(cart.dataAprovacaoMs) },
        { legenda: 'faturamento', data: iso(cart.dataFaturamentoMs) },
        { legenda: 'entrega', data: iso(cart.dataEntregaMs) },
      ],
      itens,
      condpagtos: this.conditions().map((c) => ({ ...c, formas: c.formas.map((f) => ({ ...f })) })),
      data_min_para_entrega: this.minDeliveryDate(),
    };
  }
}

function gridQuantity(grid: Grid): number {
  return Object.values(grid).reduce((acc, sizes) => acc + Object.values(sizes).reduce((a, q) => a + q, 0), 0);
}

/** Validates colors and sizes against the product, lower-cases keys and drops zero quantities. */
function normalizeGrid(product: B2bProduct, tamanhos: Grid): Grid {
  const grid: Grid = {};
  for (const [rawColor, sizes] of Object.entries(tamanhos)) {
    const color = rawColor.trim().toLowerCase();
    if (color !== SORTIDO && !product.cores.includes(color)) {
      throw b2bError(422, 'erro.cor.invalida', { cor: rawColor, cores: [...product.cores, SORTIDO] });
    }
    for (const [rawSize, quantity] of Object.entries(sizes)) {
      const size = rawSize.trim().toLowerCase();
      if (!product.tamanhos.includes(size)) throw b2bError(422, 'erro.tamanho.invalido', { tamanho: rawSize, tamanhos: product.tamanhos });
      if (quantity > 0) {
        const bucket = (grid[color] ??= {});
        bucket[size] = (bucket[size] ?? 0) + quantity;
      }
    }
  }
  if (gridQuantity(grid) === 0) throw b2bError(422, 'erro.tamanhos.vazio', { produto: product.id });
  return grid;
}
