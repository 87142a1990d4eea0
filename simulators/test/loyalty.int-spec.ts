import { startSim, type Sim } from './support';

const STORE = { AuthToken: 'loyalty-store-token' };
const BRANCH = { AuthToken: 'loyalty-branch-token' };
const fernanda = '418.366.529-92'; // Fernanda Oliveira Costa, Ouro, 1250 points, R$ 15,75 cashback

interface Answer {
  CodigoResposta: number;
  MensagemErro: string | null;
  [key: string]: unknown;
}

describe('loyalty simulator (Fidelimax-style)', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    await sim.control('POST', '/reset');
  });

  const op = (operation: string, body: unknown, headers: Record<string, string> = STORE) =>
    sim.call<Answer>('POST', `/loyalty/api/Integracao/${operation}`, { headers, body });

  it('requires a store or branch AuthToken and records which one was used', async () => {
    const missing = await sim.call<Answer>('POST', '/loyalty/api/Integracao/ConsultaConsumidor', {
      body: { cpf: fernanda },
    });
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ CodigoResposta: 101, MensagemErro: expect.any(String) as string });
    expect((await op('ConsultaConsumidor', { cpf: fernanda }, { AuthToken: 'wrong' })).status).toBe(401);
    const viaBranch = await op('PontuaConsumidor', { cpf: fernanda, pontuacao_reais: 10, verificador: 'order-b1' }, BRANCH);
    expect(viaBranch.body.CodigoResposta).toBe(100);
    const movements = await sim.control<{ items: { origem: string }[] }>('GET', '/loyalty/movements');
    expect(movements.body.items[0]?.origem).toBe('filial');
  });

  it('consults by CPF or phone, and answers 103 for unknown or inactive consumers', async () => {
    const byCpf = await op('ConsultaConsumidor', { cpf: fernanda });
    expect(byCpf.status).toBe(200);
    expect(byCpf.body).toMatchObject({
      CodigoResposta: 100,
      MensagemErro: null,
      saldo: 1250,
      saldo_cashback: 15.75,
      categoria: 'Ouro',
    });
    expect(Array.isArray(byCpf.body.premios)).toBe(true);
    const byPhone = await op('ConsultaConsumidor', { telefone: '(11)98765-1234' });
    expect(byPhone.body).toMatchObject({ CodigoResposta: 100, saldo: 1250 });
    const inactive = await op('ConsultaConsumidor', { telefone: '(41)99999-0000' });
    expect(inactive.status).toBe(200);
    expect(inactive.body.CodigoResposta).toBe(103);
    expect((await op('ConsultaConsumidor', { cpf: '529.982.247-25' })).body.CodigoResposta).toBe(103);
    const invalid = await op('ConsultaConsumidor', {});
    expect(invalid.body.CodigoResposta).toBe(102);
    expect(invalid.body.MensagemErro).toContain('cpf');
  });

  it('registers a consumer once (104 on a repeat)', async () => {
    const body = {
      nome: 'Bruno Teixeira',
      cpf: '529.982.247-25',
      sexo: 'Masculino',
      nascimento: '12/03/1990',
      email: 'bruno@example.com',
      telefone: '(11)91234-5678',
    };
    expect((await op('CadastrarConsumidor', body)).body.CodigoResposta).toBe(100);
    expect((await op('CadastrarConsumidor', body)).body.CodigoResposta).toBe(104);
    expect((await op('ConsultaConsumidor', { cpf: '52998224725' })).body).toMatchObject({
      CodigoResposta: 100,
      saldo: 0,
    });
    const badDate = await op('CadastrarConsumidor', { ...body, cpf: '11144477735', nascimento: '1990-03-12' });
    expect(badDate.body.CodigoResposta).toBe(102);
  });

  it('accrues once per verificador and reverses the accrual totally once', async () => {
    const accrual = await op('PontuaConsumidor', {
      cpf: fernanda,
      pontuacao_reais: 150.9,
      tipo_compra: 'Pedido WhatsApp',
      verificador: 'order-42',
    });
    expect(accrual.body).toMatchObject({ CodigoResposta: 100, pontos: 150, saldo_atual: 1400, duplicado: false });
    const repeat = await op('PontuaConsumidor', {
      cpf: fernanda,
      pontuacao_reais: 150.9,
      tipo_compra: 'Pedido WhatsApp',
      verificador: 'order-42',
    });
    expect(repeat.body).toMatchObject({ CodigoResposta: 100, saldo_atual: 1400, duplicado: true });
    const conflict = await op('PontuaConsumidor', { cpf: fernanda, pontuacao_reais: 99, verificador: 'order-42' });
    expect(conflict.body.CodigoResposta).toBe(108);

    const reversal = await op('PontuaConsumidor', {
      cpf: fernanda,
      pontuacao_reais: 150.9,
      verificador: 'order-42',
      estorno: true,
    });
    expect(reversal.body).toMatchObject({
      CodigoResposta: 100,
      pontos_estornados: 150,
      saldo_atual: 1250,
      duplicado: false,
    });
    const again = await op('PontuaConsumidor', { cpf: fernanda, verificador: 'order-42', estorno: true });
    expect(again.body).toMatchObject({ CodigoResposta: 100, saldo_atual: 1250, duplicado: true });
    const unknown = await op('PontuaConsumidor', { cpf: fernanda, verificador: 'never-accrued', estorno: true });
    expect(unknown.body.CodigoResposta).toBe(107);

    const movements = await sim.control<{
      items: { kind: string; pontos: number; cashbackCents: number; estornadoPor: number | null }[];
    }>('GET', '/loyalty/movements?verificador=order-42');
    expect(movements.body.items.map((m) => [m.kind, m.pontos])).toEqual([
      ['pontuacao', 150],
      ['estorno_total', -150],
    ]);
    expect(movements.body.items[0]?.cashbackCents).toBe(754);
    expect(movements.body.items[0]?.estornadoPor).not.toBeNull();
  });

  it('reverses loose points partially and never below zero', async () => {
    const partial = await op('DebitarConsumidor', {
      cpf: fernanda,
      debito_reais: 50,
      descricao_estorno: 'Devolução de 1 item',
    });
    expect(partial.body).toMatchObject({ CodigoResposta: 100, pontos_debitados: 50, saldo_atual: 1200 });
    const ricardo = '760.154.382-07'; // 80 points
    const big = await op('DebitarConsumidor', {
      cpf: ricardo,
      debito_reais: 500,
      descricao_estorno: 'Devolução total',
    });
    expect(big.body).toMatchObject({ CodigoResposta: 100, pontos_debitados: 80, saldo_atual: 0 });
  });

  it('redeems prizes and cashback against the balance', async () => {
    const prizes = await op('ListaProdutos', {});
    expect((prizes.body.produtos as unknown[]).length).toBeGreaterThan(3);
    const prize = await op('ResgataPremio', { cpf: fernanda, premio_identificador: 'KIT-BELEZA' });
    expect(prize.body).toMatchObject({ CodigoResposta: 100, pontos_debitados: 800, saldo_atual: 450 });
    expect(prize.body.voucher).toMatch(/^VC-/);
    expect((await op('ResgataPremio', { cpf: fernanda, premio_identificador: 'FONE-BT' })).body.CodigoResposta).toBe(105);
    expect((await op('ResgataPremio', { cpf: fernanda, premio_identificador: 'NAO-EXISTE' })).body.CodigoResposta).toBe(106);
    expect((await op('ResgataPremio', { cpf: fernanda, premio_identificador: 'GUARDA-CHUVA' })).body.CodigoResposta).toBe(106);

    const check = await op('VerificarCashback', { cpf: fernanda, pontuacao_reais: 200 });
    expect(check.body).toMatchObject({ CodigoResposta: 100, saldo_cashback: 15.75, cashback_a_creditar: 10 });
    const cashback = await op('Cashback', { cpf: fernanda, cashback: 10.5, verificador: 'order-7-cashback' });
    expect(cashback.body).toMatchObject({ CodigoResposta: 100, cashback_resgatado: 10.5, saldo_cashback: 5.25 });
    const replay = await op('Cashback', { cpf: fernanda, cashback: 10.5, verificador: 'order-7-cashback' });
    expect(replay.body).toMatchObject({ saldo_cashback: 5.25, duplicado: true });
    expect((await op('Cashback', { cpf: fernanda, cashback: 100 })).body.CodigoResposta).toBe(105);
    expect((await op('Cashback', { cpf: fernanda, cashback: 1.234 })).body.CodigoResposta).toBe(102);

    const statement = await op('ExtratoConsumidor', { cpf: fernanda });
    const extrato = statement.body.extrato as { tipo_pontuacao: number }[];
    expect(extrato.map((e) => e.tipo_pontuacao)).toEqual([206, 210]);
  });
});
