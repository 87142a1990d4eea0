import { answerFor, type Behaviour, behaviourSchema, BehaviourState, type Rejection } from './behaviour';

const parse = (input: unknown): Behaviour => behaviourSchema.parse(input);
const takeN = (state: BehaviourState, n: number) => Array.from({ length: n }, () => state.take());
const statuses = (state: BehaviourState, n: number) => takeN(state, n).map((b) => answerFor('ep1', 'dlv_1', b, null).status);

describe('receiver endpoint behaviour', () => {
  it('fails the next N attempts with the given status, then heals to 200', () => {
    const state = new BehaviourState(parse({ mode: 'fail', status: 500, times: 2 }));
    expect(statuses(state, 4)).toEqual([500, 500, 200, 200]);
    expect(state.view()).toMatchObject({ mode: 'fail', status: 500, times: 2, remaining: 0, applied: 2, healed: true });
  });

  it('fails every attempt when no times are given, with 500 by default', () => {
    const state = new BehaviourState(parse({ mode: 'fail' }));
    expect(statuses(state, 3)).toEqual([500, 500, 500]);
    expect(state.view()).toMatchObject({ remaining: null, applied: 3, healed: false });
  });

  it('answers 410 Gone with a body naming the endpoint', () => {
    const state = new BehaviourState(parse({ mode: 'gone' }));
    const answer = answerFor('ep1', 'dlv_9', state.take(), null);
    expect(answer).toEqual({
      status: 410,
      headers: {},
      body: JSON.stringify({
        error: { code: 'endpoint_gone', message: 'Endpoint ep1 no longer exists; stop sending to it', deliveryId: 'dlv_9' },
      }),
      delayMs: 0,
    });
  });

  it('throttles with 429 and Retry-After in seconds, then heals', () => {
    const state = new BehaviourState(parse({ mode: 'throttle', status: 429, retryAfterSeconds: 2, times: 1 }));
    const [first, second] = takeN(state, 2).map((b) => answerFor('ep1', 'dlv_1', b, null));
    expect(first).toMatchObject({ status: 429, headers: { 'retry-after': '2' }, delayMs: 0 });
    expect(JSON.parse(first!.body)).toEqual({
      error: { code: 'rate_limited', message: 'Endpoint ep1 asks to retry after 2 s', deliveryId: 'dlv_1' },
    });
    expect(second).toMatchObject({ status: 200, headers: {} });
  });

  it('throttles with 503 when asked, defaulting Retry-After to 1 s', () => {
    const answer = answerFor('ep1', 'd', new BehaviourState(parse({ mode: 'throttle', status: 503 })).take(), null);
    expect(answer).toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'temporarily_unavailable' } });
  });

  it('delays a slow answer and still answers per the checks', () => {
    const state = new BehaviourState(parse({ mode: 'slow', delayMs: 3000, times: 1 }));
    const rejection: Rejection = { status: 401, code: 'invalid_signature', message: 'Signature check failed: x' };
    expect(answerFor('ep1', 'd', state.take(), rejection)).toMatchObject({ status: 401, delayMs: 3000 });
    expect(answerFor('ep1', 'd', state.take(), null)).toMatchObject({ status: 200, delayMs: 0 });
  });

  it('lets fail, gone and throttle win over a failed check, and healthy answer the check', () => {
    const rejection: Rejection = { status: 401, code: 'invalid_headers', message: 'Missing or wrong headers: x-api-key' };
    expect(answerFor('ep1', 'd', { mode: 'gone' }, rejection).status).toBe(410);
    expect(answerFor('ep1', 'd', { mode: 'fail', status: 502 }, rejection).status).toBe(502);
    expect(answerFor('ep1', 'd', { mode: 'throttle', status: 429, retryAfterSeconds: 5 }, rejection).status).toBe(429);
    const healthy = answerFor('ep1', 'd', { mode: 'healthy' }, rejection);
    expect(healthy.status).toBe(401);
    expect(JSON.parse(healthy.body)).toEqual({ error: { code: 'invalid_headers', message: rejection.message, deliveryId: 'd' } });
    expect(JSON.parse(answerFor('ep1', 'd', { mode: 'healthy' }, null).body)).toEqual({ received: true, id: 'd' });
  });

  it('refuses unknown modes, throttle statuses other than 429/503, and fields of another mode', () => {
    expect(behaviourSchema.safeParse({ mode: 'explode' }).success).toBe(false);
    expect(behaviourSchema.safeParse({ mode: 'throttle', status: 500 }).success).toBe(false);
    expect(behaviourSchema.safeParse({ mode: 'gone', delayMs: 10 }).success).toBe(false);
    expect(behaviourSchema.safeParse({ mode: 'slow' }).success).toBe(false);
    expect(behaviourSchema.safeParse({ mode: 'fail', status: 200 }).success).toBe(false);
  });
});
