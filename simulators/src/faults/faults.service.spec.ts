import { type SimulatorsConfig, loadConfig } from '../config';
import { faultInputSchema } from './fault.schema';
import { FaultsService } from './faults.service';

function service(random: () => number = () => 0): FaultsService {
  const config: SimulatorsConfig = loadConfig({});
  return new FaultsService(config, random);
}

const input = (raw: unknown) => faultInputSchema.parse(raw);

describe('FaultsService', () => {
  it('answers 503 by default on matching routes only', () => {
    const faults = service();
    faults.create(input({ partner: 'retailer', path: '/retailer/v1/sales' }));
    expect(faults.decide('retailer', 'POST', '/retailer/v1/sales')).toMatchObject({ status: 503, timeout: false });
    expect(faults.decide('retailer', 'GET', '/retailer/v1/products')).toBeNull();
    expect(faults.decide('credit', 'POST', '/retailer/v1/sales')).toBeNull();
  });

  it('filters by method and stops after `times` applications', () => {
    const faults = service();
    const rule = faults.create(input({ method: 'post', path: '/credit/**', status: 500, times: 2 }));
    expect(faults.decide('credit', 'GET', '/credit/v1/loja/441/planospagamento')).toBeNull();
    expect(faults.decide('credit', 'POST', '/credit/v1/venda/vender')?.status).toBe(500);
    expect(faults.decide('credit', 'POST', '/credit/v1/venda/vender')?.status).toBe(500);
    expect(faults.decide('credit', 'POST', '/credit/v1/venda/vender')).toBeNull();
    expect(faults.list().find((f) => f.id === rule.id)).toMatchObject({ remaining: 0, applied: 2, matched: 2 });
  });

  it('applies the error rate with the injected random source', () => {
    let next = 0.9;
    const faults = service(() => next);
    faults.create(input({ path: '**', errorRate: 0.5 }));
    expect(faults.decide('b2b', 'GET', '/b2b/carrinhos')).toBeNull();
    next = 0.1;
    expect(faults.decide('b2b', 'GET', '/b2b/carrinhos')).not.toBeNull();
  });

  it('treats a latency-only rule as a slow pass-through and timeouts as held requests', () => {
    const faults = service();
    faults.create(input({ partner: 'loyalty', latencyMs: 200 }));
    expect(faults.decide('loyalty', 'POST', '/loyalty/api/Integracao/ConsultaConsumidor')).toMatchObject({
      latencyMs: 200,
      status: null,
      timeout: false,
    });
    faults.clear();
    faults.create(input({ partner: 'loyalty', timeout: true }));
    expect(faults.decide('loyalty', 'POST', '/loyalty/api/Integracao/ConsultaConsumidor')).toMatchObject({
      timeout: true,
    });
  });

  it('rejects invalid rules and keeps the number of rules bounded', () => {
    expect(faultInputSchema.safeParse({ errorRate: 2 }).success).toBe(false);
    expect(faultInputSchema.safeParse({ latencyMs: 120_000 }).success).toBe(false);
    const faults = service();
    expect(() => faults.create(input({ path: '^/credit/(' }))).toThrow();
    for (let i = 0; i < 100; i++) faults.create(input({ path: `/chat/${i}` }));
    expect(() => faults.create(input({ path: '/chat/x' }))).toThrow();
  });
});
