import { metricsRegistry } from '@looma-hub/platform';
import { Counter, Histogram } from 'prom-client';

export const webhookAttempts = new Counter({
  name: 'webhook_delivery_attempts_total',
  help: 'Outbound webhook attempts by outcome (delivered, failed, dead)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export const webhookAttemptDuration = new Histogram({
  name: 'webhook_delivery_attempt_duration_seconds',
  help: 'Duration of outbound webhook attempts',
  labelNames: ['outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const endpointsDisabled = new Counter({
  name: 'webhook_endpoints_disabled_total',
  help: 'Endpoints disabled automatically after sustained failure',
  registers: [metricsRegistry],
});

export const webhookDeliveryLag = new Histogram({
  name: 'webhook_delivery_lag_seconds',
  help: 'From the event (its time) to its successful delivery',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 300, 3600],
  registers: [metricsRegistry],
});
