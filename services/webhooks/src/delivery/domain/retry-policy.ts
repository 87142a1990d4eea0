/**
 * When to try a failed delivery again, and when to give up on an endpoint. Pure: the dispatcher feeds it
 * the counters it keeps in Postgres.
 */

/**
 * Delay before the next attempt after attempt number `attempt` (1-based, within the current cycle) failed,
 * or null when the schedule is exhausted (the delivery is dead). The scheduled delay moves by up to
 * ±`jitter` (0.2 = ±20%) so endpoints that failed together do not retry in lockstep.
 */
export function retryDelayMs(
  attempt: number,
  scheduleMs: readonly number[],
  jitter: number,
  random: () => number = Math.random,
): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) throw new Error(`attempt must be a positive integer, got ${attempt}`);
  const base = scheduleMs[attempt - 1];
  if (base === undefined) return null;
  const factor = 1 + jitter * (2 * random() - 1);
  return Math.max(0, Math.round(base * factor));
}

/** Total attempts a delivery gets in one cycle: the first one plus one per scheduled retry. */
export function maxAttempts(scheduleMs: readonly number[]): number {
  return scheduleMs.length + 1;
}

export interface EndpointFailureState {
  /** Deliveries that went dead since the last 2xx. */
  consecutiveDead: number;
  /** First failed attempt since the last 2xx. */
  failingSince: Date | null;
}

export interface DisablePolicy {
  /** Dead deliveries in a row that disable the endpoint; 0 = never by count. */
  afterDead: number;
  afterMs: number;
}

/** Why an endpoint should be disabled now, or null while it may keep trying. */
export function disableReason(state: EndpointFailureState, policy: DisablePolicy, now: Date): string | null {
  if (policy.afterDead > 0 && state.consecutiveDead >= policy.afterDead) {
    return `${state.consecutiveDead} deliveries in a row failed every attempt`;
  }
  if (state.failingSince && now.getTime() - state.failingSince.getTime() > policy.afterMs) {
    const hours = Math.round(((now.getTime() - state.failingSince.getTime()) / 3_600_000) * 10) / 10;
    return `every attempt failed for ${hours} h (since ${state.failingSince.toISOString()})`;
  }
  return null;
}

/**
 * The wait a 429 or 503 asks for (`Retry-After`: seconds, or an HTTP date), capped at `maxMs`; null when the answer
 * asks for nothing usable.
 */
export function retryAfterMs(statusCode: number | null, header: string | null | undefined, maxMs: number, now = Date.now()): number | null {
  if ((statusCode !== 429 && statusCode !== 503) || !header) return null;
  const text = header.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return null;
    ms = at - now;
  }
  return Math.min(maxMs, Math.max(0, ms));
}
