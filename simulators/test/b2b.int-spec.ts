import { randomUUID } from 'node:crypto';
import { startSim, type Sim } from './support';

const CAMISETA = 'c7d1e0b4a5f64b5e9a1c2d3e4f5a6b70'; // R$ 19,90, coleção Verão (mínimo R$ 300,00)
const VESTIDO = '0a4b5c6d7e8f4091a2b3c4d5e6f70812'; // R$ 89,90, coleção Verão
const CALCA = '9b8a7c6d5e4f40312a1b0c9d8e7f6a5b'; // R$ 79,90, Jeans Essencial (mínimo R$ 500,00)
const BLUSA_INVERNO = 'e3f4a5b6c7d84e9fa0b1c2d3e4f5a6b7'; // coleção fora de vigência
const COND_30_60_90 = '6f7e8d9c0b1a42f3a4b5c6d7e8f9a0b1';
const COND_30_DIAS = '4290e43ac00f472c9dc31e7284298335';

interface Cart {
  id: string;
  situacao: string;
  valor_total: number;
  qtdade_total: number;
  colecao: { id: string; valor_ped_min: number };
  itens: { produto: { id: string }; qtdade: number; valor: number; qtdades: Record<string, Record<string, number>> }[];
  cond_pagto: { id: string };
  data_prev_faturamento: string;
  data_min_para_entrega: string;
}
interface B2bErrorBody {
  error: { id: string; data: Record<string, unknown> };
}

function nextWeekday(fromIso: string, weekday: number): string {
  const d = new Date(`${fromIso}T12:00:00Z`);
  while (d.getUTCDay() !== weekday) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

describe('B2B cart portal simulator', () => {
  let sim: Sim;
  let session: string;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    await sim.control('POST', '/reset');
    session = randomUUID().replace(/-/g, '');
  });

  const headers = (s = session) => ({ authorization: 'Bearer b2b-demo-token', sessao_id: s });
  const put = <T>(path: string, body: unknown, s?: string) => sim.call<T>('PUT', `/b2b/carrinhos${path}`, { headers: headers(s), body });
  const list = (s?: string) => sim.call<Cart[]>('GET', '/b2b/carrinhos', { headers: headers(s) });
  const close = <T>(query = '') => sim.call<T>('POST', `/b2b/carrinhos${query}`, { headers: headers() });

  it('requires the bearer token and a sessao_id header', async () => {
    const noAuth = await sim.call<B2bErrorBody>('GET', '/b2b/carrinhos', { headers: { sessao_id: session } });
    expect(noAuth.status).toBe(401);
    expect(noAuth.body).toEqual({ error: { id: 'erro.autenticacao', data: {} } });
    const noSession = await sim.call<B2bErrorBody>('GET', '/b2b/carrinhos', {
      headers: { authorization: 'Bearer b2b-demo-token' },
    });
    expect(noSession.status).toBe(400);
    expect(noSession.body.error.id).toBe('erro.sessao.obrigatoria');
  });

  it('opens one cart per factory collection, with color × size grids and "sortido"', async () => {
    expect((await put(`/${CAMISETA}`, { tamanhos: { preto: { p: 10, m: 20 }, branco: { g: 5 } } })).body).toEqual({
      status: true,
    });
    expect((await put(`/${VESTIDO}`, { tamanhos: { sortido: { p: 2, m: 2 } } })).body).toEqual({ status: true });
    expect((await put(`/${CALCA}`, { tamanhos: { 'azul-escuro': { '38': 3, '40': 3 } } })).body).toEqual({
      status: true,
    });
    const carts = await list();
    expect(carts.status).toBe(200);
    expect(carts.body).toHaveLength(2);
    const verao = carts.body.find((c) => c.itens.some((i) => i.produto.id === CAMISETA));
    expect(verao).toMatchObject({ situacao: 'pre', qtdade_total: 39, valor_total: 35 * 19.9 + 4 * 89.9 });
    expect(verao?.itens.find((i) => i.produto.id === VESTIDO)?.qtdades).toEqual({ sortido: { p: 2, m: 2 } });
    // Replacing a product's grid does not add to it.
    await put(`/${CAMISETA}`, { tamanhos: { preto: { p: 1 } } });
    expect((await list()).body.find((c) => c.id === verao?.id)?.qtdade_total).toBe(5);
    // Another session sees nothing.
    expect((await list(randomUUID())).body).toEqual([]);
  });

  it('rejects unknown products, colors, sizes and collections out of their sales window', async () => {
    expect((await put<B2bErrorBody>('/0000', { tamanhos: { preto: { p: 1 } } })).body.error.id).toBe('erro.produto.nao_encontrado');
    const color = await put<B2bErrorBody>(`/${CAMISETA}`, { tamanhos: { roxo: { p: 1 } } });
    expect(color.status).toBe(422);
    expect(color.body.error.id).toBe('erro.cor.invalida');
    expect((await put<B2bErrorBody>(`/${CAMISETA}`, { tamanhos: { preto: { xg: 1 } } })).body.error.id).toBe('erro.tamanho.invalido');
    expect((await put<B2bErrorBody>(`/${CAMISETA}`, { tamanhos: { preto: { p: 0 } } })).body.error.id).toBe('erro.tamanhos.vazio');
    expect((await put<B2bErrorBody>(`/${BLUSA_INVERNO}`, { tamanhos: { preto: { p: 10 } } })).body.error.id).toBe(
      'erro.colecao.fora_vigencia',
    );
    const malformed = await put<B2bErrorBody>(`/${CAMISETA}`, { tamanhos: { preto: { p: -1 } } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.id).toBe('erro.requisicao.invalida');
  });

  it('updates payment terms and only accepts a Monday on or after the minimum date', async () => {
    await put(`/${CAMISETA}`, { tamanhos: { preto: { p: 20 } } });
    const [cart] = (await list()).body;
    if (!cart) throw new Error('no cart');
    const monday = nextWeekday(cart.data_min_para_entrega, 1);
    const tuesday = nextWeekday(cart.data_min_para_entrega, 2);
    const notMonday = await put<B2bErrorBody>(`/${cart.id}/atualizar`, { data_prev_faturamento: tuesday });
    expect(notMonday.status).toBe(422);
    expect(notMonday.body.error.id).toBe('erro.data_prev_faturamento.nao_segunda');
    const tooEarly = await put<B2bErrorBody>(`/${cart.id}/atualizar`, {
      data_prev_faturamento: nextWeekday(new Date().toISOString().slice(0, 10), 1),
    });
    expect(tooEarly.body.error.id).toBe('erro.data_prev_faturamento.anterior_minima');
    const badCond = await put<B2bErrorBody>(`/${cart.id}/atualizar`, { cond_pagto_id: 'nope' });
    expect(badCond.body.error.id).toBe('erro.cond_pagto.invalida');
    const ok = await put(`/${cart.id}/atualizar`, {
      cond_pagto_id: COND_30_60_90,
      forma_pagto_id: '4290e43ac00f472c9dc31e7284298331',
      data_prev_faturamento: monday,
    });
    expect(ok.body).toEqual({ status: true });
    const updated = (await list()).body[0];
    expect(updated?.cond_pagto.id).toBe(COND_30_60_90);
    expect(updated?.data_prev_faturamento.slice(0, 10)).toBe(monday);
    const otherSession = await put<B2bErrorBody>(`/${cart.id}/atualizar`, { data_prev_faturamento: monday }, randomUUID());
    expect(otherSession.body.error.id).toBe('erro.carrinho.nao_encontrado');
  });

  it('closes carts into orders (agc) only when every cart reaches its minimum order value', async () => {
    await put(`/${CAMISETA}`, { tamanhos: { preto: { p: 10, m: 10 } } }); // R$ 398,00 ≥ R$ 300,00
    await put(`/${CALCA}`, { tamanhos: { preto: { '40': 2 } } }); // R$ 159,80 < R$ 500,00
    const refused = await close<B2bErrorBody>();
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      id: 'erro.carrinho.valor_minimo',
      data: { valor_ped_min: 500, valor_total: 159.8 },
    });
    expect((await list()).body.every((c) => c.situacao === 'pre')).toBe(true);

    const verao = (await list()).body.find((c) => c.colecao.valor_ped_min === 300);
    const closedOne = await close(`?ids=${verao?.id}`);
    expect(closedOne.body).toEqual({ status: true });
    expect((await list()).body.map((c) => c.colecao.valor_ped_min)).toEqual([500]);
    expect((await close(`?ids=${verao?.id}`)).body).toEqual({ status: true });

    await put(`/${CALCA}`, { tamanhos: { preto: { '40': 4, '42': 3 } } }); // 7 × R$ 79,90 = R$ 559,30
    expect((await close()).body).toEqual({ status: true });
    expect((await list()).body).toEqual([]);
    const orders = await sim.control<{ items: { sessao_id: string; situacao: string; data_pedido: string | null }[] }>(
      'GET',
      `/b2b/carts?sessao_id=${session}`,
    );
    expect(orders.body.items.map((o) => o.situacao)).toEqual(['agc', 'agc']);
    expect(orders.body.items.every((o) => o.data_pedido !== null)).toBe(true);
    expect((await close<B2bErrorBody>()).body.error.id).toBe('erro.carrinho.nenhum_aberto');
  });

  it('enforces the minimum installment value of the chosen payment condition', async () => {
    await put(`/${CAMISETA}`, { tamanhos: { preto: { p: 10, m: 6 } } }); // R$ 318,40 ≥ R$ 300,00
    const [cart] = (await list()).body;
    await put(`/${cart?.id}/atualizar`, { cond_pagto_id: COND_30_60_90 }); // 3 × R$ 106,13 < R$ 120,00
    const refused = await close<B2bErrorBody>();
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      id: 'erro.carrinho.valor_parcela_minima',
      data: { valor_parcela_min: 120, qtd_parcelas: 3 },
    });
    await put(`/${cart?.id}/atualizar`, { cond_pagto_id: COND_30_DIAS });
    expect((await close()).body).toEqual({ status: true });
  });

  it('removes a product (emptied carts disappear) and empties every cart of the session', async () => {
    await put(`/${CAMISETA}`, { tamanhos: { preto: { p: 1 } } });
    await put(`/${CALCA}`, { tamanhos: { preto: { '40': 1 } } });
    expect((await sim.call('DELETE', `/b2b/carrinhos/${CALCA}`, { headers: headers() })).body).toEqual({
      status: true,
    });
    expect((await list()).body).toHaveLength(1);
    expect((await sim.call('DELETE', `/b2b/carrinhos/${CALCA}`, { headers: headers() })).body).toEqual({
      status: true,
    });
    expect((await sim.call('DELETE', '/b2b/carrinhos', { headers: headers() })).body).toEqual({ status: true });
    expect((await list()).body).toEqual([]);
  });

  it('lets the control API move an order through the factory statuses', async () => {
    await put(`/${CAMISETA}`, { tamanhos: { branco: { g: 20 } } });
    await close();
    const [order] = (await sim.control<{ items: { id: string }[] }>('GET', '/b2b/carts')).body.items;
    const approved = await sim.control<{ situacao: string; etapas: { legenda: string; data: string | null }[] }>(
      'POST',
      `/b2b/orders/${order?.id}/status`,
      { situacao: 'agf' },
    );
    expect(approved.body.situacao).toBe('agf');
    expect(approved.body.etapas.find((e) => e.legenda === 'aprovacao')?.data).not.toBeNull();
    await sim.control('POST', `/b2b/orders/${order?.id}/status`, { situacao: 'can' });
    expect((await sim.control('POST', `/b2b/orders/${order?.id}/status`, { situacao: 'con' })).status).toBe(422);
  });
});
