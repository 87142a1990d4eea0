import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { productsQuarantined } from '../catalog.metrics';
import type { RejectedItem } from '../product/domain/retailer-items';

export interface QuarantineSource {
  source: 'pull' | 'push';
  /** The page (`page 3 after cursor …`) or the Kafka position (`retailer.catalog.v1/1@42`). */
  ref: string;
  syncId?: string | null;
}

export interface QuarantinedItemView {
  externalId: string | null;
  reason: string;
  field: string | null;
  message: string;
  excerpt: string;
  bytes: number;
  source: string;
  sourceRef: string | null;
  syncId: string | null;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface QuarantineSummary {
  total: number;
  byReason: Record<string, number>;
}

function itemKey(item: RejectedItem): string {
  return item.externalId ?? `sha:${createHash('sha256').update(item.excerpt).digest('base64url').slice(0, 22)}`;
}

/** Bad retailer data, kept out of the catalog with its reason and source, so a retailer can be told what to fix. */
@Injectable()
export class QuarantineStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records rejected items in `m`'s transaction; an item seen again counts one more occurrence. */
  async record(m: EntityManager, tenantId: string, items: RejectedItem[], from: QuarantineSource): Promise<void> {
    if (!items.length) return;
    for (const i of items) productsQuarantined.inc({ reason: i.reason });
    // One row per (item, reason) even when a page repeats an item: the last occurrence describes it.
    const unique = new Map(items.map((i) => [`${itemKey(i)}\u0000${i.reason}`, i]));
    const rows = [...unique.values()];
    const col = <T>(pick: (i: RejectedItem) => T) => rows.map(pick);
    await m.query(
      `INSERT INTO "catalog"."quarantined_item" AS q
         (tenant_id, item_key, reason, external_id, field, message, excerpt, bytes, source, source_ref, sync_id)
       SELECT $1, u.item_key, u.reason, u.external_id, u.field, u.message, u.excerpt, u.bytes, $9, COALESCE(u.source_ref, $10), $11
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $12::text[])
           AS u(item_key, reason, external_id, field, message, excerpt, bytes, source_ref)
       ON CONFLICT (tenant_id, item_key, reason) DO UPDATE SET
         field = EXCLUDED.field, message = EXCLUDED.message, excerpt = EXCLUDED.excerpt, bytes = EXCLUDED.bytes,
         source = EXCLUDED.source, source_ref = EXCLUDED.source_ref, sync_id = EXCLUDED.sync_id,
         occurrences = q.occurrences + 1, last_seen_at = now()`,
      [
        tenantId,
        col(itemKey),
        col((i) => i.reason),
        col((i) => i.externalId),
        col((i) => i.field),
        col((i) => i.message),
        col((i) => i.excerpt),
        col((i) => i.bytes),
        from.source,
        from.ref,
        from.syncId ?? null,
        col((i) => i.sourceRef ?? null),
      ],
    );
  }

  /** Products now stored valid leave the quarantine (their earlier bad versions are history). */
  async release(m: EntityManager, tenantId: string, externalIds: string[]): Promise<void> {
    if (!externalIds.length) return;
    await m.query(
      `DELETE FROM "catalog"."quarantined_item" WHERE tenant_id = $1 AND external_id = ANY($2::text[])
         AND EXISTS (SELECT 1 FROM "catalog"."quarantined_item" WHERE tenant_id = $1)`,
      [tenantId, externalIds],
    );
  }

  async summary(tenantId: string): Promise<QuarantineSummary> {
    const rows = (await this.dataSource.query(
      `SELECT reason, count(*)::int AS n FROM "catalog"."quarantined_item" WHERE tenant_id = $1 GROUP BY reason ORDER BY reason`,
      [tenantId],
    )) as { reason: string; n: number }[];
    return { total: rows.reduce((s, r) => s + r.n, 0), byReason: Object.fromEntries(rows.map((r) => [r.reason, r.n])) };
  }

  async list(tenantId: string, opts: { reason?: string; limit: number }): Promise<QuarantinedItemView[]> {
    const rows = (await this.dataSource.query(
      `SELECT external_id, reason, field, message, excerpt, bytes, source, source_ref, sync_id, occurrences, first_seen_at, last_seen_at
         FROM "catalog"."quarantined_item" WHERE tenant_id = $1 AND ($2::text IS NULL OR reason = $2)
        ORDER BY last_seen_at DESC, item_key LIMIT $3`,
      [tenantId, opts.reason ?? null, opts.limit],
    )) as {
      external_id: string | null;
      reason: string;
      field: string | null;
      message: string;
      excerpt: string;
      bytes: number;
      source: string;
      source_ref: string | null;
      sync_id: string | null;
      occurrences: number;
      first_seen_at: Date;
      last_seen_at: Date;
    }[];
    return rows.map((r) => ({
      externalId: r.external_id,
      reason: r.reason,
      field: r.field,
      message: r.message,
      excerpt: r.excerpt,
      bytes: r.bytes,
      source: r.source,
      sourceRef: r.source_ref,
      syncId: r.sync_id,
      occurrences: r.occurrences,
      firstSeenAt: r.first_seen_at.toISOString(),
      lastSeenAt: r.last_seen_at.toISOString(),
    }));
  }
}
