import { z } from 'zod';

/** Longest `slow` delay: past any sensible hub timeout, short enough not to pin sockets for long. */
export const MAX_SLOW_DELAY_MS = 60_000;

const times = z.number().int().min(1).max(1_000_000).optional();

/**
 * How a receiver endpoint answers (`PUT /_control/chat/endpoints/:endpointId/behaviour`). With `times`, only the
 * next N attempts get it and the endpoint heals to `healthy` afterwards; without, it stays until replaced.
 */
export const behaviourSchema = z.discriminatedUnion('mode', [
  /** Answer per the checks: 200, or 401/400 when a configured check fails. */
  z.strictObject({ mode: z.literal('healthy') }),
  /** Answer `status` (default 500) whatever the request carries. */
  z.strictObject({ mode: z.literal('fail'), status: z.number().int().min(400).max(599).default(500), times }),
  /** Wait `delayMs`, then answer per the checks (the attempt is recorded on arrival). */
  z.strictObject({ mode: z.literal('slow'), delayMs: z.number().int().min(1).max(MAX_SLOW_DELAY_MS), times }),
  /** 410 Gone: the endpoint was removed on the platform's side and wants no more deliveries. */
  z.strictObject({ mode: z.literal('gone'), times }),
  /** 429 (default) or 503 with `Retry-After: <retryAfterSeconds>`. */
  z.strictObject({
    mode: z.literal('throttle'),
    status: z.union([z.literal(429), z.literal(503)]).default(429),
    retryAfterSeconds: z.number().int().min(0).max(86_400).default(1),
    times,
  }),
]);

export type Behaviour = z.output<typeof behaviourSchema>;

/** What one attempt got, as recorded with the delivery. */
export type AppliedBehaviour =
  | { mode: 'healthy' }
  | { mode: 'fail'; status: number }
  | { mode: 'slow'; delayMs: number }
  | { mode: 'gone' }
  | { mode: 'throttle'; status: 429 | 503; retryAfterSeconds: number };

export type BehaviourView = Behaviour & {
  /** Attempts still to get it; null = every attempt until replaced. */
  remaining: number | null;
  /** Attempts that got it so far. */
  applied: number;
  /** `times` ran out: the endpoint answers as `healthy` again. */
  healed: boolean;
  setAt: string;
};

const HEALTHY: AppliedBehaviour = { mode: 'healthy' };

/** One endpoint's behaviour and how many of its `times` are left. */
export class BehaviourState {
  private remaining: number | null;
  private applied = 0;

  constructor(
    readonly behaviour: Behaviour,
    readonly setAt: string = new Date().toISOString(),
  ) {
    this.remaining = behaviour.mode !== 'healthy' && behaviour.times !== undefined ? behaviour.times : null;
  }

  /** The behaviour for the next attempt; uses up one of `times`. */
  take(): AppliedBehaviour {
    const b = this.behaviour;
    if (b.mode === 'healthy' || this.remaining === 0) return HEALTHY;
    if (this.remaining !== null) this.remaining--;
    this.applied++;
    switch (b.mode) {
      case 'fail':
        return { mode: 'fail', status: b.status };
      case 'slow':
        return { mode: 'slow', delayMs: b.delayMs };
      case 'gone':
        return { mode: 'gone' };
      case 'throttle':
        return { mode: 'throttle', status: b.status, retryAfterSeconds: b.retryAfterSeconds };
    }
  }

  view(): BehaviourView {
    return { ...this.behaviour, remaining: this.remaining, applied: this.applied, healed: this.remaining === 0, setAt: this.setAt };
  }
}

/** A configured check the attempt failed, when the endpoint rejects such attempts. */
export interface Rejection {
  status: 400 | 401;
  code: 'invalid_signature' | 'invalid_headers' | 'invalid_body';
  message: string;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  /** JSON text, so the hub's attempt log has first bytes to show for every status. */
  body: string;
  /** Wait this long before answering (`slow`). */
  delayMs: number;
}

/**
 * The answer to one attempt. `fail`, `gone` and `throttle` stand for something in front of the platform's
 * receiver (a crashed app, a removed route, a rate limiter), so they win over the checks; `slow` and `healthy`
 * answer per the checks.
 */
export function answerFor(endpointId: string, deliveryId: string, behaviour: AppliedBehaviour, rejection: Rejection | null): Answer {
  const error = (status: number, code: string, message: string, headers: Record<string, string> = {}, delayMs = 0): Answer => ({
    status,
    headers,
    body: JSON.stringify({ error: { code, message, deliveryId } }),
    delayMs,
  });
  switch (behaviour.mode) {
    case 'fail':
      return error(behaviour.status, 'simulated_failure', `Simulated HTTP ${behaviour.status} from endpoint ${endpointId}`);
    case 'gone':
      return error(410, 'endpoint_gone', `Endpoint ${endpointId} no longer exists; stop sending to it`);
    case 'throttle':
      return error(
        behaviour.status,
        behaviour.status === 429 ? 'rate_limited' : 'temporarily_unavailable',
        `Endpoint ${endpointId} asks to retry after ${behaviour.retryAfterSeconds} s`,
        { 'retry-after': String(behaviour.retryAfterSeconds) },
      );
    case 'slow':
    case 'healthy': {
      const delayMs = behaviour.mode === 'slow' ? behaviour.delayMs : 0;
      if (rejection) return error(rejection.status, rejection.code, rejection.message, {}, delayMs);
      return { status: 200, headers: {}, body: JSON.stringify({ received: true, id: deliveryId }), delayMs };
    }
  }
}
