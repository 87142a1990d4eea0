import { Injectable, Logger } from '@nestjs/common';
import { compileRule } from '../domain/compile-rule';
import { RuleIndex } from '../domain/rule-index';
import { RuleStore } from './rule.store';

/**
 * Each tenant's enabled rules compiled into a RuleIndex, kept per process and rebuilt when the tenant's rule-set
 * version moves. Every quote reads the version (one primary-key lookup), so a rule written through any process,
 * by the admin API or a sync, prices the very next quote everywhere.
 */
@Injectable()
export class RuleSets {
  private readonly logger = new Logger(RuleSets.name);
  private readonly cache = new Map<string, RuleIndex>();
  private readonly building = new Map<string, Promise<RuleIndex>>();

  constructor(private readonly store: RuleStore) {}

  async index(tenantId: string): Promise<RuleIndex> {
    const version = await this.store.version(tenantId);
    const cached = this.cache.get(tenantId);
    if (cached && cached.version >= version) return cached;
    // One build per tenant at a time: a burst of quotes after a change waits for the same build.
    let pending = this.building.get(tenantId);
    if (!pending) {
      pending = this.build(tenantId).finally(() => this.building.delete(tenantId));
      this.building.set(tenantId, pending);
    }
    return pending;
  }

  drop(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  private async build(tenantId: string): Promise<RuleIndex> {
    const started = performance.now();
    const { version, rules } = await this.store.enabledRules(tenantId);
    const index = new RuleIndex(rules.map(compileRule), version);
    const current = this.cache.get(tenantId);
    if (!current || current.version <= version) this.cache.set(tenantId, index);
    this.logger.debug({ tenantId, version, rules: rules.length, ms: Math.round(performance.now() - started) }, 'rule index built');
    return index;
  }
}
