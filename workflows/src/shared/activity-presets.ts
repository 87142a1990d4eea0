import { NON_RETRYABLE_FAILURE_TYPES } from '@looma-hub/contracts';
import type { ActivityOptions } from '@temporalio/workflow';

/** Named activity option presets: how long one attempt may take and how retries back off. */
export const ActivityPresets = {
  /** Local database work: quick, retried briskly. */
  database: {
    startToCloseTimeout: '15s',
    retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 20 },
  },
  /**
   * A call to a partner: an attempt may take as long as the slowest allowed partner timeout (60 s) and more,
   * while the activity heartbeats so a dead worker is noticed in 10 s. Patient backoff; business answers are
   * non-retryable failures.
   */
  partner: {
    startToCloseTimeout: '75s',
    heartbeatTimeout: '10s',
    retry: {
      initialInterval: '2s',
      backoffCoefficient: 2,
      maximumInterval: '2m',
      maximumAttempts: 12,
      // Business outcomes (every feature error code but `unavailable` ones), named once in contracts.
      nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
    },
  },
} satisfies Record<string, ActivityOptions>;
