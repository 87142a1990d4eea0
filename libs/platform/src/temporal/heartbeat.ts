import { Context } from '@temporalio/activity';

/**
 * Heartbeats while `work` runs, so a long partner call can take its time (startToClose) while a worker that
 * dies mid-call is noticed within the activity's heartbeatTimeout instead.
 */
export async function withHeartbeat<T>(work: Promise<T>, everyMs = 2_000): Promise<T> {
  const ctx = Context.current();
  ctx.heartbeat();
  const timer = setInterval(() => ctx.heartbeat(), everyMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
