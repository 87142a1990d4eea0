import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PricingErrors, type PricingRuleSpec, type PricingRuleView, type RetailerPricingRule } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { normalizeCode } from '../domain/normalize';
import { PricingRuleEntity, RuleSetEntity } from './pricing-rule.entity';

const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; driverError?: { code?: string; constraint?: string }; constraint?: string };
  const code = e.driverError?.code ?? e.code;
  const name = e.driverError?.constraint ?? e.constraint;
  return code === UNIQUE_VIOLATION && (constraint === undefined || name === constraint);
}

export function toView(row: PricingRuleEntity): PricingRuleView {
  return {
    ...row.spec,
    enabled: row.enabled,
    tenantId: row.tenantId,
    source: row.source,
    version: row.version,
    sourceUpdatedAt: row.sourceUpdatedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export interface RetailerApplyResult {
  /** Rules stored or changed. */
  changed: number;
  /** Versions older than (or as old as) the one stored: nothing written. */
  stale: number;
  /** Ids an admin rule already holds, or coupon codes another rule has: set aside with the reason. */
  conflicts: { id: string; reason: string }[];
}

/**
 * The tenant's rules. Every change bumps the rule's version and the tenant's rule-set version in one transaction
 * (one sequence for both), which is what quotes compare their compiled index with: a change applies to the next
 * quote in every process, without a restart or a message.
 */
@Injectable()
export class RuleStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async version(tenantId: string): Promise<number> {
    const rows = (await this.dataSource.query(`SELECT version FROM "pricing"."rule_set" WHERE tenant_id = $1`, [tenantId])) as {
      version: string;
    }[];
    return rows[0] ? Number(rows[0].version) : 0;
  }

  /** Every enabled rule of the tenant and the rule-set version they make up (read in one snapshot). */
  async enabledRules(tenantId: string): Promise<{ version: number; rules: PricingRuleSpec[] }> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const version = await m.query(`SELECT version FROM "pricing"."rule_set" WHERE tenant_id = $1`, [tenantId]);
      const rows = (await m.query(`SELECT spec FROM "pricing"."pricing_rule" WHERE tenant_id = $1 AND enabled`, [tenantId])) as {
        spec: PricingRuleSpec;
      }[];
      return { version: version[0] ? Number(version[0].version) : 0, rules: rows.map((r) => ({ ...r.spec, enabled: true })) };
    });
  }

  async list(
    tenantId: string,
    filter: { kind?: string; source?: string; enabled?: boolean; limit: number; after?: string },
  ): Promise<{ items: PricingRuleView[]; nextCursor: string | null }> {
    const qb = this.dataSource
      .getRepository(PricingRuleEntity)
      .createQueryBuilder('r')
      .where('r.tenantId = :tenantId', { tenantId })
      .orderBy('r.id', 'ASC')
      .limit(filter.limit + 1);
    if (filter.kind) qb.andWhere(`r.spec->>'kind' = :kind`, { kind: filter.kind });
    if (filter.source) qb.andWhere('r.source = :source', { source: filter.source });
    if (filter.enabled !== undefined) qb.andWhere('r.enabled = :enabled', { enabled: filter.enabled });
    if (filter.after) qb.andWhere('r.id > :after', { after: filter.after });
    const rows = await qb.getMany();
    const more = rows.length > filter.limit;
    const items = rows.slice(0, filter.limit).map(toView);
    return { items, nextCursor: more ? (items[items.length - 1]?.id ?? null) : null };
  }

  async get(tenantId: string, id: string): Promise<PricingRuleView> {
    const row = await this.dataSource.getRepository(PricingRuleEntity).findOneBy({ tenantId, id });
    if (!row) throw new DomainError(PricingErrors.RuleNotFound, `no rule ${id}`, { field: 'id' });
    return toView(row);
  }

  /** An admin's new rule. */
  async create(tenantId: string, spec: PricingRuleSpec): Promise<PricingRuleView> {
    return this.write(tenantId, async (m, version) => {
      const exists = await m.findOneBy(PricingRuleEntity, { tenantId, id: spec.id });
      if (exists) throw new DomainError(PricingErrors.RuleExists, `rule ${spec.id} exists`, { field: 'id' });
      return this.insert(m, tenantId, spec, 'admin', version, null);
    });
  }

  /** An admin's rule replaced whole (`PUT`); a retailer's rule can only be enabled or disabled here. */
  async replace(tenantId: string, id: string, spec: PricingRuleSpec): Promise<PricingRuleView> {
    return this.write(tenantId, async (m, version) => {
      const row = await this.locked(m, tenantId, id);
      if (!row) return this.insert(m, tenantId, { ...spec, id }, 'admin', version, null);
      if (row.source === 'retailer') throw managedByRetailer(id);
      return this.update(m, row, { ...spec, id }, version);
    });
  }

  async setEnabled(tenantId: string, id: string, enabled: boolean): Promise<PricingRuleView> {
    return this.write(tenantId, async (m, version) => {
      const row = await this.locked(m, tenantId, id);
      if (!row) throw new DomainError(PricingErrors.RuleNotFound, `no rule ${id}`, { field: 'id' });
      return this.update(m, row, { ...row.spec, enabled }, version);
    });
  }

  async remove(tenantId: string, id: string): Promise<void> {
    await this.write(tenantId, async (m) => {
      const row = await this.locked(m, tenantId, id);
      if (!row) throw new DomainError(PricingErrors.RuleNotFound, `no rule ${id}`, { field: 'id' });
      if (row.source === 'retailer') throw managedByRetailer(id);
      await m.delete(PricingRuleEntity, { tenantId, id });
      return null;
    });
  }

  /**
   * Rules as the retailer published them (a page of the REST pull, or pushed events): each is stored when it is
   * newer than the version held (`updatedAt`); an admin rule with the same id, or a coupon code another rule holds,
   * is set aside and reported.
   */
  async applyRetailer(tenantId: string, rules: readonly RetailerPricingRule[]): Promise<RetailerApplyResult> {
    const result: RetailerApplyResult = { changed: 0, stale: 0, conflicts: [] };
    if (rules.length === 0) return result;
    // A page that repeats a rule: its newest version counts.
    const byId = new Map<string, RetailerPricingRule>();
    for (const r of rules) {
      const held = byId.get(r.id);
      if (!held || Date.parse(r.updatedAt) > Date.parse(held.updatedAt)) byId.set(r.id, r);
      else result.stale++;
    }
    try {
      return await this.dataSource.transaction(async (m) => {
        const ids = [...byId.keys()];
        const current = (await m.query(
          `SELECT id, source, source_updated_at FROM "pricing"."pricing_rule" WHERE tenant_id = $1 AND id = ANY($2::text[]) FOR UPDATE`,
          [tenantId, ids],
        )) as { id: string; source: string; source_updated_at: Date | null }[];
        const held = new Map(current.map((r) => [r.id, r]));
        const codes = [...byId.values()].flatMap((r) => (r.coupon ? [normalizeCode(r.coupon.code)] : []));
        const owners = new Map<string, string>();
        if (codes.length) {
          const rows = (await m.query(
            `SELECT id, coupon_code FROM "pricing"."pricing_rule" WHERE tenant_id = $1 AND coupon_code = ANY($2::text[])`,
            [tenantId, codes],
          )) as { id: string; coupon_code: string }[];
          for (const r of rows) owners.set(r.coupon_code, r.id);
        }
        const write: { id: string; spec: string; enabled: boolean; code: string | null; at: Date }[] = [];
        for (const rule of byId.values()) {
          const row = held.get(rule.id);
          const at = new Date(rule.updatedAt);
          if (row && row.source !== 'retailer') {
            result.conflicts.push({ id: rule.id, reason: 'an admin rule has this id' });
            continue;
          }
          if (row?.source_updated_at && row.source_updated_at.getTime() >= at.getTime()) {
            result.stale++;
            continue;
          }
          const code = rule.coupon ? normalizeCode(rule.coupon.code) : null;
          const owner = code === null ? undefined : owners.get(code);
          if (code !== null && owner !== undefined && owner !== rule.id) {
            result.conflicts.push({ id: rule.id, reason: `coupon code ${rule.coupon?.code ?? ''} belongs to rule ${owner}` });
            continue;
          }
          if (code !== null) owners.set(code, rule.id);
          const { updatedAt: _, ...spec } = rule;
          write.push({ id: rule.id, spec: JSON.stringify(spec), enabled: spec.enabled, code, at });
        }
        if (write.length === 0) return result;
        // One version for the page: versions only have to grow, and a page is one change of the rule set.
        const [{ v }] = (await m.query(`SELECT nextval('"pricing"."rule_version_seq"') AS v`)) as [{ v: string }];
        await m.query(
          `INSERT INTO "pricing"."pricing_rule" (tenant_id, id, source, spec, enabled, coupon_code, version, source_updated_at)
           SELECT $1, u.id, 'retailer', u.spec::jsonb, u.enabled, u.code, $7, u.at
             FROM unnest($2::text[], $3::text[], $4::boolean[], $5::text[], $6::timestamptz[]) AS u(id, spec, enabled, code, at)
           ON CONFLICT (tenant_id, id) DO UPDATE SET spec = EXCLUDED.spec, enabled = EXCLUDED.enabled, coupon_code = EXCLUDED.coupon_code,
             version = EXCLUDED.version, source_updated_at = EXCLUDED.source_updated_at, updated_at = now()`,
          [
            tenantId,
            write.map((w) => w.id),
            write.map((w) => w.spec),
            write.map((w) => w.enabled),
            write.map((w) => w.code),
            write.map((w) => w.at),
            Number(v),
          ],
        );
        await m.query(
          `INSERT INTO "pricing"."rule_set" (tenant_id, version) VALUES ($1, $2)
           ON CONFLICT (tenant_id) DO UPDATE SET version = EXCLUDED.version, updated_at = now()`,
          [tenantId, Number(v)],
        );
        result.changed += write.length;
        return result;
      });
    } catch (err) {
      // A coupon code taken meanwhile by a concurrent write (an admin's): rule by rule, so only that one is set aside.
      if (!isUniqueViolation(err, 'pricing_rule_coupon_code')) throw err;
      return this.applyRetailerOneByOne(tenantId, rules);
    }
  }

  private async applyRetailerOneByOne(tenantId: string, rules: readonly RetailerPricingRule[]): Promise<RetailerApplyResult> {
    const result: RetailerApplyResult = { changed: 0, stale: 0, conflicts: [] };
    if (rules.length === 0) return result;
    for (const rule of rules) {
      try {
        const outcome = await this.write(
          tenantId,
          async (m, version) => {
            const row = await this.locked(m, tenantId, rule.id);
            const updatedAt = new Date(rule.updatedAt);
            const { updatedAt: _, ...spec } = rule;
            if (!row) return this.insert(m, tenantId, spec, 'retailer', version, updatedAt);
            if (row.source !== 'retailer') return 'admin-rule' as const;
            if (row.sourceUpdatedAt && row.sourceUpdatedAt.getTime() >= updatedAt.getTime()) return 'stale' as const;
            return this.update(m, row, spec, version, updatedAt);
          },
          { bumpOnlyOnChange: true },
        );
        if (outcome === 'stale') result.stale++;
        else if (outcome === 'admin-rule') result.conflicts.push({ id: rule.id, reason: 'an admin rule has this id' });
        else result.changed++;
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== PricingErrors.CouponCodeTaken.code) throw err;
        result.conflicts.push({ id: rule.id, reason: err.message });
      }
    }
    return result;
  }

  /** The retailer deleted a rule: it stays, disabled, so a late older event cannot bring it back. */
  async deleteRetailer(tenantId: string, id: string, updatedAt: Date): Promise<boolean> {
    const out = await this.write(
      tenantId,
      async (m, version) => {
        const row = await this.locked(m, tenantId, id);
        if (!row || row.source !== 'retailer') return 'stale' as const;
        if (row.sourceUpdatedAt && row.sourceUpdatedAt.getTime() >= updatedAt.getTime()) return 'stale' as const;
        return this.update(m, row, { ...row.spec, enabled: false }, version, updatedAt);
      },
      { bumpOnlyOnChange: true },
    );
    return out !== 'stale';
  }

  /** After a full pull: the retailer's rules it no longer publishes are disabled (kept, so history still names them). */
  async disableRetailerRulesNotIn(tenantId: string, seen: ReadonlySet<string>): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM "pricing"."pricing_rule" WHERE tenant_id = $1 AND source = 'retailer' AND enabled`,
      [tenantId],
    )) as { id: string }[];
    const gone = rows.map((r) => r.id).filter((id) => !seen.has(id));
    if (gone.length === 0) return 0;
    await this.write(tenantId, async (m, version) => {
      await m.query(
        `UPDATE "pricing"."pricing_rule" SET enabled = false, spec = jsonb_set(spec, '{enabled}', 'false'), version = $3, updated_at = now()
          WHERE tenant_id = $1 AND id = ANY($2::text[]) AND source = 'retailer'`,
        [tenantId, gone, version],
      );
      return null;
    });
    return gone.length;
  }

  async syncState(tenantId: string): Promise<{ watermark: Date | null; lastSyncAt: Date | null }> {
    const row = await this.dataSource.getRepository(RuleSetEntity).findOneBy({ tenantId });
    return { watermark: row?.syncWatermark ?? null, lastSyncAt: row?.lastSyncAt ?? null };
  }

  async recordSync(tenantId: string, watermark: Date | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "pricing"."rule_set" (tenant_id, version, sync_watermark, last_sync_at) VALUES ($1, 0, $2, now())
       ON CONFLICT (tenant_id) DO UPDATE SET sync_watermark = GREATEST("rule_set".sync_watermark, EXCLUDED.sync_watermark),
         last_sync_at = now(), updated_at = now()`,
      [tenantId, watermark],
    );
  }

  async purgeTenant(tenantId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(`DELETE FROM "pricing"."pricing_rule" WHERE tenant_id = $1`, [tenantId]);
      await m.query(`DELETE FROM "pricing"."rule_set" WHERE tenant_id = $1`, [tenantId]);
      await m.query(`DELETE FROM "pricing"."pricing_settings" WHERE tenant_id = $1`, [tenantId]);
    });
  }

  // ---- writes ------------------------------------------------------------------------------------------------

  /**
   * Runs `work` in a transaction with a fresh version from the sequence and bumps the tenant's rule-set version to
   * it (unless `bumpOnlyOnChange` and `work` wrote nothing, i.e. returned a string outcome).
   */
  private async write<T>(
    tenantId: string,
    work: (m: EntityManager, version: number) => Promise<T>,
    opts: { bumpOnlyOnChange?: boolean } = {},
  ): Promise<T> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const [{ v }] = (await m.query(`SELECT nextval('"pricing"."rule_version_seq"') AS v`)) as [{ v: string }];
        const version = Number(v);
        const out = await work(m, version);
        if (!(opts.bumpOnlyOnChange && typeof out === 'string')) {
          await m.query(
            `INSERT INTO "pricing"."rule_set" (tenant_id, version) VALUES ($1, $2)
             ON CONFLICT (tenant_id) DO UPDATE SET version = EXCLUDED.version, updated_at = now()`,
            [tenantId, version],
          );
        }
        return out;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'pricing_rule_coupon_code')) {
        throw new DomainError(PricingErrors.CouponCodeTaken, 'another rule of the tenant has this coupon code', { field: 'coupon.code' });
      }
      throw err;
    }
  }

  private async locked(m: EntityManager, tenantId: string, id: string): Promise<PricingRuleEntity | null> {
    return m
      .getRepository(PricingRuleEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.tenantId = :tenantId AND r.id = :id', { tenantId, id })
      .getOne();
  }

  private async insert(
    m: EntityManager,
    tenantId: string,
    spec: PricingRuleSpec,
    source: 'retailer' | 'admin',
    version: number,
    sourceUpdatedAt: Date | null,
  ): Promise<PricingRuleView> {
    const row = m.create(PricingRuleEntity, {
      tenantId,
      id: spec.id,
      source,
      spec,
      enabled: spec.enabled,
      couponCode: spec.coupon ? normalizeCode(spec.coupon.code) : null,
      version,
      sourceUpdatedAt,
    });
    return toView(await m.save(row));
  }

  private async update(m: EntityManager, row: PricingRuleEntity, spec: PricingRuleSpec, version: number, sourceUpdatedAt?: Date) {
    row.spec = spec;
    row.enabled = spec.enabled;
    row.couponCode = spec.coupon ? normalizeCode(spec.coupon.code) : null;
    row.version = version;
    if (sourceUpdatedAt) row.sourceUpdatedAt = sourceUpdatedAt;
    return toView(await m.save(row));
  }
}

function managedByRetailer(id: string): DomainError {
  return new DomainError(PricingErrors.RuleManagedByRetailer, `rule ${id} comes from the retailer: change it there, or disable it here`, {
    field: 'id',
  });
}
