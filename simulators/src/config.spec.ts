import { ConfigError, loadConfig, mergeConfig } from './config';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(4010);
    expect(config.retailer.token).toBe('retailer-demo-token');
    expect(config.loyalty.storeTokens).toEqual(['loyalty-store-token']);
    expect(config.loyalty.branchTokens).toEqual(['loyalty-branch-token']);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ SIMULATORS_PORT: 'abc' })).toThrow(/SIMULATORS_PORT/);
    expect(() => loadConfig({ SIMULATORS_PORT: '70000' })).toThrow(ConfigError);
    expect(() => loadConfig({ SIM_CREDIT_CODE_LENGTH: '9' })).toThrow(/SIM_CREDIT_CODE_LENGTH/);
  });

  it('accepts the log level names the rest of the hub uses', () => {
    expect(loadConfig({ LOG_LEVEL: 'info' }).logLevel).toBe('log');
    expect(loadConfig({ LOG_LEVEL: 'trace' }).logLevel).toBe('verbose');
    expect(loadConfig({ LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('refuses to bind outside loopback', () => {
    expect(() => loadConfig({ SIMULATORS_HOST: '0.0.0.0' })).toThrow(/SIMULATORS_HOST: must be a loopback address/);
    expect(loadConfig({ SIMULATORS_HOST: '::1' }).host).toBe('::1');
  });

  it('parses token lists and overrides nested values', () => {
    const config = loadConfig({ SIM_LOYALTY_BRANCH_TOKENS: 'a, b ,,c' });
    expect(config.loyalty.branchTokens).toEqual(['a', 'b', 'c']);
    expect(() => loadConfig({ SIM_LOYALTY_BRANCH_TOKENS: ' , ' })).toThrow(/SIM_LOYALTY_BRANCH_TOKENS/);
    const merged = mergeConfig(config, { credit: { codeTtlSeconds: 2 } });
    expect(merged.credit.codeTtlSeconds).toBe(2);
    expect(merged.credit.token).toBe('credit-demo-token');
  });
});
