import { Injectable, Logger } from '@nestjs/common';
import {
  type PricingSyncActivities,
  type PricingSyncInput,
  type PricingSyncResult,
  type RetailerPricingRule,
  RetailerPricingRuleSchema,
} from '@looma-hub/contracts';
import { Context } from '@temporalio/activity';
import { RetailerConnectionService } from '../retailer/retailer-connection.service';
import { RuleStore } from '../rule/rule.store';

/** Rules asked per page. */
export const PRICING_SYNC_PAGE_SIZE = 500;
/** An incremental pull re-reads this much before the watermark: a rule stamped as the last pull ran is not missed. */
const WATERMARK_OVERLAP_MS = 60_000;

interface Resume {
  cursor: string | null;
  result: PricingSyncResult;
  maxUpdatedAt: string | null;
  seen: string[];
}

/** One bad rule (outside the contract) is set aside with its reason; the rest of its page applies. */
export function parseRetailerRule(item: unknown): { rule: RetailerPricingRule } | { id: string | null; reason: string } {
  const parsed = RetailerPricingRuleSchema.safeParse(item);
  if (parsed.success) return { rule: parsed.data };
  const issue = parsed.error.issues[0];
  const id =
    typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : null;
  return { id, reason: `${issue?.path.join('.') || 'rule'}: ${issue?.message ?? 'invalid'}` };
}

@Injectable()
export class PricingSyncActivitiesService {
  private readonly logger = new Logger(PricingSyncActivitiesService.name);

  constructor(
    private readonly retailer: RetailerConnectionService,
    private readonly store: RuleStore,
  ) {}

  async pullPricingRules(input: PricingSyncInput): Promise<PricingSyncResult> {
    const ctx = Context.current();
    const resumed = ctx.info.heartbeatDetails as Resume | undefined;
    const state = await this.store.syncState(input.tenantId);
    const updatedSince =
      input.mode === 'incremental' && state.watermark ? new Date(state.watermark.getTime() - WATERMARK_OVERLAP_MS).toISOString() : null;
    const progress: Resume = resumed ?? {
      cursor: null,
      result: { pages: 0, seen: 0, changed: 0, stale: 0, rejected: [] },
      maxUpdatedAt: null,
      seen: [],
    };
    let first = resumed === undefined;
    while (first || progress.cursor !== null) {
      first = false;
      const page = await this.retailer.withClient(input.tenantId, (c) =>
        c.listPricingRules({ cursor: progress.cursor, limit: PRICING_SYNC_PAGE_SIZE, updatedSince }),
      );
      const valid: RetailerPricingRule[] = [];
      for (const item of page.items) {
        const out = parseRetailerRule(item);
        if ('rule' in out) {
          valid.push(out.rule);
          if (progress.maxUpdatedAt === null || Date.parse(out.rule.updatedAt) > Date.parse(progress.maxUpdatedAt))
            progress.maxUpdatedAt = out.rule.updatedAt;
        } else progress.result.rejected.push(out);
      }
      const applied = await this.store.applyRetailer(input.tenantId, valid);
      progress.result.pages++;
      progress.result.seen += page.items.length;
      progress.result.changed += applied.changed;
      progress.result.stale += applied.stale;
      progress.result.rejected.push(...applied.conflicts);
      if (input.mode === 'full') progress.seen.push(...valid.map((r) => r.id));
      progress.cursor = page.nextCursor;
      ctx.heartbeat(progress);
    }
    if (input.mode === 'full') {
      progress.result.changed += await this.store.disableRetailerRulesNotIn(input.tenantId, new Set(progress.seen));
    }
    await this.store.recordSync(input.tenantId, progress.maxUpdatedAt === null ? null : new Date(progress.maxUpdatedAt));
    // Keep the result small in history: at most 100 rejections listed.
    const result = { ...progress.result, rejected: progress.result.rejected.slice(0, 100) };
    this.logger.log(
      { tenantId: input.tenantId, mode: input.mode, ...result, rejected: progress.result.rejected.length },
      'pricing rules pulled',
    );
    return result;
  }

  asActivities(): PricingSyncActivities {
    return { pullPricingRules: this.pullPricingRules.bind(this) };
  }
}
