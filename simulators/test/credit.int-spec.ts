import { startSim, type Sim } from './support';

const auth = { authorization: 'Bearer credit-demo-token' };
const APPROVED = { id: 343290, cpf: '222.570.550-04' };
const DENIED = { id: 343291, cpf: '123.456.789-09' };
const LOW_LIMIT = { id: 343292, cpf: '987.654.321-00' };

interface Option {
  qtdParcela: number;
  vlPrimeiraParcela: number;
  vlDemaisParcela: number;
  vlUltimaParcela: number;
  valorTotal: number;
  tarifa: number;
  vlEntrada: number;
  jurosFinanc: number;
  planoPagamentoId: number;
  vlParcelaSemTaxaJuros: number;
}
interface CreditErrorBody {
  status: number;
  codigo: string;
  mensagem: string;
  tentativasRestantes?: number;
  limiteDisponivel?: number;
  campo?: string | null;
}
interface Code {
  id: number;
  codigo: string;
  status: string;
  attempts: number;
}

const calc = (overrides: Record<string, unknown> = {}) => ({
  autorizacaoId: null,
  clienteId: APPROVED.id,
  diasPrimeiraParcela: null,
  flagAutorizacao: false,
  formaPagamento: 'CARNE',
  lojaId: 441,
  nomeProduto: 'Geladeira Frost Free 375L',
  parcelaSelecionada: null,
  planoPagamentoId: 11,
  vlEntrada: null,
  vlProduto: '1.000,00',
  ...overrides,
});

describe('credit provider simulator (crediário with booklet)', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim({ config: { credit: { codeTtlSeconds: 120, codeMaxAttempts: 3 } } });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    await sim.control('POST', '/reset');
  });

  const post = <T>(path: string, body: unknown) => sim.call<T>('POST', `/credit/v1${path}`, { headers: auth, body });
  const get = <T>(path: string) => sim.call<T>('GET', `/credit/v1${path}`, { headers: auth });

  async function issueCode(qtdParcela = '3'): Promise<Code> {
    const gerar = await post<{ id: number; destino: string }>('/codigo-autorizacao/gerar', {
      tipo: 'WHATSAPP',
      destino: '(48) 99532 - 8888',
      nomeCliente: 'MARIA APARECIDA DA SILVA',
      lojaId: 441,
      nomeProduto: 'Geladeira Frost Free 375L',
      valorProduto: '1.005,07',
      qtdParcela,
      valorParcela: '335,02',
    });
    expect(gerar.status).toBe(200);
    const codes = await sim.control<{ items: Code[] }>('GET', `/credit/codes?id=${gerar.body.id}`);
    const code = codes.body.items[0];
    if (!code) throw new Error('code not recorded');
    return code;
  }

  async function optionFor(count: number, overrides: Record<string, unknown> = {}): Promise<Option> {
    const options = await post<Option[]>('/venda/calcular', calc(overrides));
    const option = options.body.find((o) => o.qtdParcela === count);
    if (!option) throw new Error(`no ${count}x option`);
    return option;
  }

  it('refuses calls without the bearer token', async () => {
    const res = await sim.call<CreditErrorBody>('POST', '/credit/v1/cliente/consulta-spc', {
      body: { cpf: APPROVED.cpf },
    });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: 401, codigo: 'NAO_AUTORIZADO' });
  });

  it('returns the bureau record: approved, denied, unknown and invalid CPFs', async () => {
    const shop = { empresaId: 398, lojaId: 441, redeId: 201 };
    const approved = await post<Record<string, unknown>>('/cliente/consulta-spc', { cpf: APPROVED.cpf, ...shop });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      id: APPROVED.id,
      negativadoSpc: false,
      autorizaCompra: true,
      limiteCompartilhado: 3000,
      score: 754,
    });
    expect(approved.body.limitesPreAprovado).toMatchObject({ faixaFinal1: 2000, peEntrada2: 20, peEntrada3: 30 });
    const denied = await post<Record<string, unknown>>('/cliente/consulta-spc', { cpf: DENIED.cpf, ...shop });
    expect(denied.body).toMatchObject({ id: DENIED.id, negativadoSpc: true, autorizaCompra: false });
    const unknown = await post<CreditErrorBody>('/cliente/consulta-spc', { cpf: '529.982.247-25', ...shop });
    expect(unknown.status).toBe(404);
    expect(unknown.body.codigo).toBe('CLIENTE_NAO_CADASTRADO');
    const invalid = await post<CreditErrorBody>('/cliente/consulta-spc', { cpf: '111.111.111-11', ...shop });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ codigo: 'REQUISICAO_INVALIDA', campo: 'cpf' });
  });

  it('calculates installment options from BRL strings, answering numbers, the last installment taking the remainder', async () => {
    const res = await post<Option[]>('/venda/calcular', calc());
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(10);
    expect(res.body[0]).toMatchObject({
      qtdParcela: 1,
      vlPrimeiraParcela: 1001.69,
      valorTotal: 1001.69,
      tarifa: 1.69,
      vlEntrada: 0,
      jurosFinanc: 0,
      planoPagamentoId: 11,
    });
    expect(res.body[9]).toMatchObject({
      qtdParcela: 10,
      vlPrimeiraParcela: 101.69,
      vlDemaisParcela: 101.69,
      vlParcelaSemTaxaJuros: 100,
      valorTotal: 1016.9,
    });
    expect(res.body[2]).toMatchObject({
      qtdParcela: 3,
      vlPrimeiraParcela: 335.02,
      vlDemaisParcela: 335.02,
      vlUltimaParcela: 335.03,
      valorTotal: 1005.07,
    });
    const withInterest = await post<Option[]>('/venda/calcular', calc({ planoPagamentoId: 7 }));
    expect(withInterest.body.every((o) => o.qtdParcela === 1 || o.jurosFinanc > 0)).toBe(true);
    const malformed = await post<CreditErrorBody>('/venda/calcular', calc({ vlProduto: '1000.00' }));
    expect(malformed.status).toBe(400);
    expect(malformed.body.campo).toBe('vlProduto');
  });

  it('refuses credit as a business outcome: SPC listing, low limit, minimum down payment', async () => {
    const denied = await post<CreditErrorBody>('/venda/calcular', calc({ clienteId: DENIED.id }));
    expect(denied.status).toBe(422);
    expect(denied.body.codigo).toBe('CLIENTE_NEGATIVADO');
    const low = await post<CreditErrorBody>('/venda/calcular', calc({ clienteId: LOW_LIMIT.id }));
    expect(low.body).toMatchObject({ codigo: 'LIMITE_INSUFICIENTE', limiteDisponivel: 300 });
    const noDown = await post<CreditErrorBody>('/venda/calcular', calc({ vlProduto: '2.400,00' }));
    expect(noDown.body).toMatchObject({ codigo: 'ENTRADA_MINIMA' });
    const withDown = await post<Option[]>('/venda/calcular', calc({ vlProduto: '2.400,00', vlEntrada: '480,00' }));
    expect(withDown.status).toBe(200);
    expect(withDown.body[0]).toMatchObject({ vlEntrada: 480, vlParcelaSemTaxaJuros: 1920 });
  });

  it('runs the whole sale: code sent, wrong code refused, confirmed, sold once, booklet PDF', async () => {
    const code = await issueCode();
    expect(code.codigo).toMatch(/^\d{4}$/);
    expect(code.status).toBe('pending');
    const wrong = code.codigo === '0000' ? '1111' : '0000';
    const bad = await post<CreditErrorBody>('/codigo-autorizacao/confirmar', { id: code.id, codigo: wrong });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ codigo: 'CODIGO_INVALIDO', tentativasRestantes: 2 });
    const ok = await post<{ id: number; confirmado: boolean }>('/codigo-autorizacao/confirmar', {
      id: code.id,
      codigo: code.codigo,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: code.id, confirmado: true });

    const option = await optionFor(3);
    const vender = calc({ autorizacaoId: code.id, parcelaSelecionada: option });
    const sold = await post<{ id: number; carneId: number; mensagem: null }>('/venda/vender', vender);
    expect(sold.status).toBe(200);
    expect(sold.body).toMatchObject({ mensagem: null, permissao: null });
    const again = await post<{ id: number; carneId: number }>('/venda/vender', vender);
    expect(again.body).toEqual(sold.body);
    const different = await post<CreditErrorBody>(
      '/venda/vender',
      calc({ autorizacaoId: code.id, parcelaSelecionada: option, vlProduto: '900,00' }),
    );
    expect(different.body.codigo).toBe('AUTORIZACAO_JA_UTILIZADA');

    const sales = await sim.control<{
      items: { id: number; venderCalls: number; parcelas: { valor: number; vencimento: string }[] }[];
    }>('GET', '/credit/sales');
    expect(sales.body.items).toHaveLength(1);
    expect(sales.body.items[0]).toMatchObject({ id: sold.body.id, venderCalls: 3 });
    expect(sales.body.items[0]?.parcelas.map((p) => p.valor)).toEqual([335.02, 335.02, 335.03]);
    const limit = await sim.call<number>('GET', `/credit/v1/cliente/${APPROVED.id}/limite-disponivel/441`, {
      headers: auth,
    });
    expect(limit.body).toBe(2000);

    const pdf = await fetch(`${sim.baseUrl}/credit/v1/carne/gera-carne-pdf/${sold.body.carneId}`, { headers: auth });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(800);
    const missing = await get<CreditErrorBody>('/carne/gera-carne-pdf/1');
    expect(missing.status).toBe(404);
  });

  it('does not sell on an unconfirmed code or a mismatched installment choice', async () => {
    const code = await issueCode();
    const option = await optionFor(3);
    const unconfirmed = await post<CreditErrorBody>('/venda/vender', calc({ autorizacaoId: code.id, parcelaSelecionada: option }));
    expect(unconfirmed.body.codigo).toBe('AUTORIZACAO_NAO_CONFIRMADA');
    await post('/codigo-autorizacao/confirmar', { id: code.id, codigo: code.codigo });
    const tampered = await post<CreditErrorBody>(
      '/venda/vender',
      calc({ autorizacaoId: code.id, parcelaSelecionada: { ...option, valorTotal: 999 } }),
    );
    expect(tampered.body.codigo).toBe('PARCELA_DIVERGENTE');
    const otherCount = await post<CreditErrorBody>(
      '/venda/vender',
      calc({ autorizacaoId: code.id, parcelaSelecionada: await optionFor(4) }),
    );
    expect(otherCount.body.codigo).toBe('AUTORIZACAO_DIVERGENTE');
    expect((await sim.control<{ items: unknown[] }>('GET', '/credit/sales')).body.items).toHaveLength(0);
  });

  it('blocks a code after the last wrong attempt, and expires codes on the simulated clock', async () => {
    const code = await issueCode();
    const wrong = code.codigo === '0000' ? '1111' : '0000';
    await post('/codigo-autorizacao/confirmar', { id: code.id, codigo: wrong });
    await post('/codigo-autorizacao/confirmar', { id: code.id, codigo: wrong });
    const third = await post<CreditErrorBody>('/codigo-autorizacao/confirmar', { id: code.id, codigo: wrong });
    expect(third.body).toMatchObject({ codigo: 'TENTATIVAS_EXCEDIDAS', tentativasRestantes: 0 });
    const right = await post<CreditErrorBody>('/codigo-autorizacao/confirmar', { id: code.id, codigo: code.codigo });
    expect(right.body.codigo).toBe('TENTATIVAS_EXCEDIDAS');

    const fresh = await issueCode();
    await sim.control('POST', '/clock', { advanceMs: 121_000 });
    const expired = await post<CreditErrorBody>('/codigo-autorizacao/confirmar', {
      id: fresh.id,
      codigo: fresh.codigo,
    });
    expect(expired.body.codigo).toBe('CODIGO_EXPIRADO');
    const listed = await sim.control<{ items: Code[] }>('GET', '/credit/codes');
    expect(listed.body.items.map((c) => c.status)).toEqual(['blocked', 'expired']);
  });

  it('serves the helper lookups: plans, sale parameters, down-payment bands, available limit', async () => {
    const plans = await get<{ id: number; descricao: string }[]>('/loja/441/planospagamento');
    expect(plans.body.map((p) => p.id)).toEqual([11, 7]);
    const params = await get<Record<string, unknown>>('/loja/441/dadosvenda/11');
    expect(params.body).toMatchObject({
      lojaId: 441,
      parcelarEm: 10,
      vlTarifaParcelaBanco: 1.69,
      formasPagamento: ['CARNE', 'BOLETO'],
    });
    const score = await get<Record<string, unknown>>(`/cliente/${APPROVED.id}/score/441`);
    expect(score.body).toMatchObject({
      faixaInicial1: 0,
      faixaFinal1: 2000,
      peEntrada1: 0,
      faixaInicial2: 2000.01,
      grupo: 'B',
    });
    const limit = await sim.call<number>('GET', `/credit/v1/cliente/${LOW_LIMIT.id}/limite-disponivel/441`, {
      headers: auth,
    });
    expect(limit.headers.get('content-type')).toContain('application/json');
    expect(limit.body).toBe(300);
    expect((await get<CreditErrorBody>('/loja/999/planospagamento')).body.codigo).toBe('LOJA_NAO_ENCONTRADA');
  });
});
