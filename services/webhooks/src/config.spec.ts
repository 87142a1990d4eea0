import { ConfigError } from '@looma-hub/platform';
import { deliverySettingsOf, loadWebhooksConfig } from './config';

describe('webhooks config', () => {
  it('defaults to the Standard Webhooks schedule, 15 s timeout and the 5-day disable policy', () => {
    const s = deliverySettingsOf(loadWebhooksConfig({}));
    expect(s.retryScheduleMs).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(s).toMatchObject({
      jitter: 0.2,
      timeoutMs: 15_000,
      disableAfterDead: 0,
      disableAfterMs: 5 * 86_400_000,
      allowPrivateTargets: false,
    });
    expect(loadWebhooksConfig({}).HTTP_PORT).toBe(3005);
  });

  it('refuses private targets everywhere unless the operator allows them (tenants in development mode aside)', () => {
    // Production also requires real secrets instead of the public development defaults.
    const prod = {
      NODE_ENV: 'production',
      INTERNAL_API_TOKEN: 'prod-internal-token-0123456789',
      SECRETS_KEY: Buffer.alloc(32, 3).toString('base64'),
    };
    expect(deliverySettingsOf(loadWebhooksConfig(prod)).allowPrivateTargets).toBe(false);
    expect(deliverySettingsOf(loadWebhooksConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' })).allowPrivateTargets).toBe(true);
    expect(deliverySettingsOf(loadWebhooksConfig({ ...prod, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' })).allowPrivateTargets).toBe(true);
    expect(() => loadWebhooksConfig({ NODE_ENV: 'production' })).toThrow(/SECRETS_KEY/);
  });

  it('names a bad variable', () => {
    expect(() => loadWebhooksConfig({ WEBHOOK_RETRY_SCHEDULE: '10s,soon' })).toThrow(ConfigError);
    expect(() => loadWebhooksConfig({ WEBHOOK_RETRY_SCHEDULE: '10s,soon' })).toThrow(/WEBHOOK_RETRY_SCHEDULE: "soon" is not a duration/);
    expect(() => loadWebhooksConfig({ WEBHOOK_RETRY_JITTER: '0.9' })).toThrow(/WEBHOOK_RETRY_JITTER/);
  });
});
