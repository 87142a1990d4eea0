import { ConfigError } from '@looma-hub/platform';
import { deliverySettingsOf, loadWebhooksConfig } from './config';

describe('webhooks config', () => {
  it('defaults to the documented schedule, 10 s timeout and disable policy', () => {
    const s = deliverySettingsOf(loadWebhooksConfig({}));
    expect(s.retryScheduleMs).toEqual([10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000]);
    expect(s).toMatchObject({ jitter: 0.2, timeoutMs: 10_000, disableAfterDead: 20, disableAfterMs: 86_400_000, allowPrivateTargets: true });
    expect(loadWebhooksConfig({}).HTTP_PORT).toBe(3005);
  });

  it('refuses private targets in production unless allowed', () => {
    expect(deliverySettingsOf(loadWebhooksConfig({ NODE_ENV: 'production' })).allowPrivateTargets).toBe(false);
    expect(deliverySettingsOf(loadWebhooksConfig({ NODE_ENV: 'production', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' })).allowPrivateTargets).toBe(true);
  });

  it('names a bad variable', () => {
    expect(() => loadWebhooksConfig({ WEBHOOK_RETRY_SCHEDULE: '10s,soon' })).toThrow(ConfigError);
    expect(() => loadWebhooksConfig({ WEBHOOK_RETRY_SCHEDULE: '10s,soon' })).toThrow(/WEBHOOK_RETRY_SCHEDULE: "soon" is not a duration/);
    expect(() => loadWebhooksConfig({ WEBHOOK_RETRY_JITTER: '0.9' })).toThrow(/WEBHOOK_RETRY_JITTER/);
  });
});
