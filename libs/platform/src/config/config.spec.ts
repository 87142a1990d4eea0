import { ConfigError, configFragments, loadConfig } from './config';

const shape = { ...configFragments.runtime, ...configFragments.http(3003), ...configFragments.database, ...configFragments.kafka };

describe('loadConfig', () => {
  it('applies the local defaults when nothing is set', () => {
    const c = loadConfig('orders', shape, {});
    expect(c.HTTP_PORT).toBe(3003);
    expect(c.HTTP_HOST).toBe('127.0.0.1');
    expect(c.KAFKA_BROKERS).toEqual(['127.0.0.1:19092']);
    expect(c.DATABASE_URL).toMatch(/^postgres:\/\//);
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig('orders', shape, { HTTP_PORT: 'eighty', DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'nohostport', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const vars = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(vars).toEqual(['DATABASE_URL', 'HTTP_PORT', 'KAFKA_BROKERS', 'LOG_LEVEL']);
    expect((error as Error).message).toContain('orders: invalid configuration');
  });

  it('rejects a secrets key that is not 32 bytes', () => {
    expect(() => loadConfig('x', configFragments.secrets, { SECRETS_KEY: Buffer.from('short').toString('base64') })).toThrow(/SECRETS_KEY/);
  });
});

describe('loadConfig in production', () => {
  it('refuses the public development secrets, naming each', () => {
    const shape2 = { ...configFragments.runtime, ...configFragments.internalApi, ...configFragments.secrets };
    expect(() => loadConfig('orders', shape2, { NODE_ENV: 'production' })).toThrow(/INTERNAL_API_TOKEN[\s\S]*SECRETS_KEY/);
    const ok = loadConfig('orders', shape2, {
      NODE_ENV: 'production',
      INTERNAL_API_TOKEN: 'a-real-internal-token-123456',
      SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    expect(ok.INTERNAL_API_TOKEN).toBe('a-real-internal-token-123456');
  });
});
