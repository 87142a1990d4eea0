import { ConfigError } from '@looma-hub/platform';
import { deliverySettingsOf, loadWebhooksConfig } from './config';

describe('webhooks config', () => {
  it('defaults to the documented schedule, 10 s timeout and disable policy', () => {
    const s = deliverySettingsOf(loadWebhooksConfig({}));
    expect(s.retryScheduleMs).toEqual([10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000]);
    expect(s).toMatchObject({
      jitter: 0.2,
      timeoutMs: 10_000,
      disableAfterDead: 20,
      disableAfterMs: 86_400_000,
      allowPrivateTargets: true,
    });
    expect(loadWebhooksConfig({}).HTTP_PORT).toBe(3005);
  });

  it('refuses private targets in production unless allowed', () => {
    // Production also requires real secrets instead of the public development defaults.
    const prod = {
      NODE_ENV: 'production',
      INTERNAL_API_TOKEN: 'prod-internal-token-0123456789',
      SECRETS_KEY: Buffer.alloc(32, 3).toString('base64'),
    };
    expect(deliverySettingsOf(loadWebhooksConfig(prod)).allowPrivateTargets).toBe(false);
    expect(deliverySettingsOf(loadWebhooksConfig({ ...prod, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' })).allowPrivateTargets).toBe(true);
    expect(() => loadWebhooksConfig({ NODE_ENV: 'production' })).toThrow(/SECRETS_KEY/);
  });

  it('names a bad variable', () => {
    expect(() => loadWebhooksConfig({ WEBHOOK_RETRY_SCHEDULE: '10s,soon' })).toThrow(ConfigError);
    expect(() => loadWebhooksConfig({ WEBHOOK_RETRY_SCHEDULE: '10s,soon' })).toThrow(/WEBHOOK_RETRY_SCHEDULE: "soon" is not a duration/);
    expect(() => loadWebhooksConfig({ WEBHOOK_RETRY_JITTER: '0.9' })).toThrow(/WEBHOOK_RETRY_JITTER/);
  });
});
