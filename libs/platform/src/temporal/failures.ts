import { DomainError } from '@looma-hub/domain';
import { ApplicationFailure } from '@temporalio/common';
import { InfraErrors } from '../errors/codes';
import { infrastructureOutage } from '../errors/infrastructure';

/**
 * The one mapper from what an activity threw to what the workflow sees. A DomainError becomes an
 * ApplicationFailure whose `type` is its code, non-retryable unless its category is `unavailable` (a business
 * outcome is final; an outage is retried with the preset's backoff), carrying the error as details. An outage of
 * Postgres/Kafka/Temporal becomes a retryable failure of the matching infrastructure type. Anything else (a bug) is
 * left as it is: Temporal retries it and the workflow history shows the stack.
 */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof DomainError) {
    return ApplicationFailure.create({
      message: err.message,
      type: err.code,
      nonRetryable: err.category !== 'unavailable',
      details: [err.toJSON()],
      cause: err,
    });
  }
  const outage = infrastructureOutage(err);
  if (outage)
    return ApplicationFailure.create({
      message: (err as Error).message ?? outage.title,
      type: outage.code,
      nonRetryable: false,
      cause: err as Error,
    });
  return err;
}

/** Temporal client calls with a deadline; an unreachable or failing frontend is a DomainError `temporal.unavailable`. */
export async function callTemporal<T>(
  client: { withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R> },
  fn: () => Promise<T>,
  timeoutMs = 10_000,
): Promise<T> {
  try {
    return await client.withDeadline(Date.now() + timeoutMs, fn);
  } catch (err) {
    if (infrastructureOutage(err) === InfraErrors.TemporalUnavailable) {
      throw new DomainError(InfraErrors.TemporalUnavailable, 'The workflow engine did not answer; retry shortly.', { cause: err });
    }
    throw err;
  }
}
