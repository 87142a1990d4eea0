import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Response } from 'express';
import { compilePathPattern, type PathMatcher } from '../common/glob';
import { prefixedId } from '../common/ids';
import { type SimulatorsConfig } from '../config';
import { type Partner } from '../core/partners';
import { simpleError } from '../core/error-shapes';
import { SIM_CONFIG, SIM_RANDOM } from '../core/tokens';
import { FAULT_LIMITS, type FaultInput } from './fault.schema';

export interface FaultView {
  id: string;
  partner: Partner | null;
  method: string | null;
  path: string;
  errorRate: number;
  status: number | null;
  latencyMs: number;
  timeout: boolean;
  dropResponse: boolean;
  answerDelayMs: number;
  times: number | null;
  remaining: number | null;
  matched: number;
  applied: number;
  body?: unknown;
  createdAt: string;
}

/** What to do with one request. `status` null and `timeout` false means "pass it on after the latency". */
export interface FaultDecision {
  faultId: string;
  latencyMs: number;
  timeout: boolean;
  dropResponse: boolean;
  answerDelayMs: number;
  status: number | null;
  body: unknown;
}

interface FaultRule extends FaultView {
  matcher: PathMatcher;
}

/**
 * Fault rules and the requests they currently hold. Rules are checked in creation order; the first matching rule
 * that fires (per its `errorRate`) decides. Held timers and sockets are released when the app closes.
 */
@Injectable()
export class FaultsService implements OnModuleDestroy {
  private rules: FaultRule[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly held = new Set<Response>();

  constructor(
    @Inject(SIM_CONFIG) private readonly config: SimulatorsConfig,
    @Inject(SIM_RANDOM) private readonly random: () => number,
  ) {}

  create(input: FaultInput): FaultView {
    if (this.rules.length >= FAULT_LIMITS.maxRules) {
      throw simpleError(422, 'too_many_faults', `At most ${FAULT_LIMITS.maxRules} fault rules; delete some first`);
    }
    let matcher: PathMatcher;
    try {
      matcher = compilePathPattern(input.path);
    } catch {
      throw simpleError(422, 'validation_failed', `path is not a valid pattern: ${input.path}`, 'path');
    }
    const pathOnly = (input.latencyMs > 0 || input.dropResponse || input.answerDelayMs > 0) && !input.timeout && input.status === undefined;
    const rule: FaultRule = {
      id: prefixedId('fault'),
      partner: input.partner ?? null,
      method: input.method && input.method !== '*' ? input.method : null,
      path: input.path,
      errorRate: input.errorRate,
      status: input.timeout || pathOnly ? (input.status ?? null) : (input.status ?? 503),
      latencyMs: input.latencyMs,
      timeout: input.timeout,
      dropResponse: input.dropResponse,
      answerDelayMs: input.answerDelayMs,
      times: input.times ?? null,
      remaining: input.times ?? null,
      matched: 0,
      applied: 0,
      ...(input.body !== undefined ? { body: input.body } : {}),
      createdAt: new Date().toISOString(),
      matcher,
    };
    this.rules.push(rule);
    return view(rule);
  }

  list(): FaultView[] {
    return this.rules.map(view);
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): number {
    const n = this.rules.length;
    this.rules = [];
    return n;
  }

  decide(partner: Partner, method: string, path: string): FaultDecision | null {
    for (const rule of this.rules) {
      if (rule.remaining === 0) continue;
      if (rule.partner !== null && rule.partner !== partner) continue;
      if (rule.method !== null && rule.method !== method.toUpperCase()) continue;
      if (!rule.matcher(path)) continue;
      rule.matched++;
      if (rule.errorRate < 1 && this.random() >= rule.errorRate) continue;
      rule.applied++;
      if (rule.remaining !== null) rule.remaining--;
      return {
        faultId: rule.id,
        latencyMs: rule.latencyMs,
        timeout: rule.timeout,
        dropResponse: rule.dropResponse,
        answerDelayMs: rule.answerDelayMs,
        status: rule.status,
        body: rule.body,
      };
    }
    return null;
  }

  /** Runs `fn` after `ms`, unless the app closes first. */
  delay(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  /** Never answers: the client times out on its own, or the socket is dropped at the configured cap. */
  hold(res: Response): void {
    this.held.add(res);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      res.destroy();
    }, this.config.faults.timeoutCapMs);
    this.timers.add(timer);
    res.once('close', () => {
      clearTimeout(timer);
      this.timers.delete(timer);
      this.held.delete(res);
    });
  }

  onModuleDestroy(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const res of this.held) res.destroy();
    this.held.clear();
  }
}

function view(rule: FaultRule): FaultView {
  const { matcher: _matcher, ...rest } = rule;
  return { ...rest };
}
