import { Logger } from '@nestjs/common';
import { type CloudEvent, eventKey, type ProductChangedV1, Topics } from '@looma-hub/contracts';
import { effectivePriceCents } from '@looma-hub/domain';
import { type CompressionTypes, type Producer } from 'kafkajs';
import { sendInChunks } from '@looma-hub/platform';
import { Client } from 'pg';
import { v5 as uuidv5 } from 'uuid';
import type { DataSource } from 'typeorm';
import { productChangesPublished } from '../catalog.metrics';
import type { CatalogVariant } from '../product/domain/catalog-product';
import { PRODUCT_CHANGED_FEED, PRODUCT_CHANGES_CHANNEL, PRODUCT_COLUMNS, productFromRow, type ProductRow } from '../product/product.store';

/** A stored product change as the feed reads it: the row plus its place in the feed. */
export interface FeedRow extends ProductRow {
  change_kind: ProductChangedV1['change'];
  changed_fields: ProductChangedV1['changed'];
  change_seq: string;
  change_xid: string;
}

export const FEED_COLUMNS = `${PRODUCT_COLUMNS}, p.change_kind, p.changed_fields, p.change_seq, p.change_xid`;

// Event ids are derived from (product, feed sequence): a change published twice (a crash between Kafka's ack and
// the feed's own bookmark) has the same id both times, and consumers drop the second.
const EVENT_ID_NAMESPACE = '4b8f2c56-3b1e-5f0a-9d7e-6a2c1e8b4f31';

export function productChangedEvent(row: FeedRow, source: string, now: Date): CloudEvent<ProductChangedV1> {
  const p = productFromRow(row);
  const data: ProductChangedV1 = {
    productId: p.id,
    externalId: p.externalId,
    change: row.change_kind,
    changed: row.changed_fields,
    sequence: Number(row.change_seq),
    sku: p.sku,
    ean: p.ean,
    name: p.name,
    description: p.description,
    manufacturer: p.manufacturer,
    brand: p.brand,
    categories: p.categories,
    collections: p.collections,
    priceCents: p.priceCents,
    promoPriceCents: p.promoPriceCents,
    promoStart: p.promoStart?.toISOString() ?? null,
    promoEnd: p.promoEnd?.toISOString() ?? null,
    effectivePriceCents: effectivePriceCents(p, now),
    stock: p.stock,
    active: p.active,
    variants: p.variants.map((v: CatalogVariant) => ({ ...v })),
    imageUrl: p.imageUrl,
    contentHash: row.content_hash,
    sourceUpdatedAt: p.sourceUpdatedAt.toISOString(),
    occurredAt: row.updated_at.toISOString(),
  };
  return {
    specversion: '1.0',
    id: uuidv5(`${p.id}:${row.change_seq}`, EVENT_ID_NAMESPACE),
    source,
    type: Topics.productChanged,
    subject: p.id,
    time: now.toISOString(),
    datacontenttype: 'application/json',
    tenantid: p.tenantId,
    data,
  };
}

export interface ProductChangeFeedOptions {
  databaseUrl: string;
  source: string;
  batchSize: number;
  compression: CompressionTypes;
  pollIntervalMs?: number;
  /** The feed's bookmark in `catalog.change_feed` (default: the product-changed feed). */
  name?: string;
  /**
   * Publishes a batch of changes instead of the product-changed events (another view of the same feed, e.g. the
   * Looma channel). Returns how many messages went out.
   */
  publish?: (rows: FeedRow[], now: Date) => Promise<number>;
  /** Nothing to publish now (e.g. no tenant has a channel): the bookmark jumps past what is there. */
  idle?: () => Promise<boolean>;
}

/**
 * Publishes `hub.catalog.product-changed.v1` from the product table itself, which is the feed: every write of a
 * product stamps it with its transaction's id and the next sequence number. Rows are read in (transaction id,
 * sequence) order, and only those of transactions older than every transaction still running
 * (`pg_snapshot_xmin`): a transaction that commits later can never slip a row in behind the feed's bookmark, so no
 * change is missed, and none is published twice but for a crash between Kafka's ack and the bookmark (same event
 * id, dropped by consumers). A million changes cost no outbox rows: the feed reads what the upsert wrote anyway.
 * One feed runs at a time (an advisory lock); the bookmark is `catalog.change_feed`.
 */
export class ProductChangeFeed {
  private readonly logger = new Logger(ProductChangeFeed.name);
  private listener: Client | undefined;
  private running = false;
  private pending = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: Producer,
    private readonly opts: ProductChangeFeedOptions,
  ) {}

  private get name(): string {
    return this.opts.name ?? PRODUCT_CHANGED_FEED;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.dataSource.query(`INSERT INTO "catalog"."change_feed" (name) VALUES ($1) ON CONFLICT DO NOTHING`, [this.name]);
    this.listener = new Client({ connectionString: this.opts.databaseUrl, application_name: `catalog-feed-${this.name}` });
    this.listener.on('notification', () => {
      this.pending = true;
      this.wake?.();
    });
    this.listener.on('error', (err) => this.logger.warn({ err }, 'change feed listener connection error; polling continues'));
    await this.listener.connect();
    await this.listener.query(`LISTEN ${PRODUCT_CHANGES_CHANNEL}`);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
  }

  /** Publishes every change visible now; returns how many events went out. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.dataSource.transaction(async (m) => {
        const [lock] = (await m.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok', [`catalog-feed:${this.name}`])) as {
          ok: boolean;
        }[];
        if (!lock?.ok) return 0;
        const [feed] = (await m.query(`SELECT last_xid, last_seq FROM "catalog"."change_feed" WHERE name = $1 FOR UPDATE`, [
          this.name,
        ])) as { last_xid: string; last_seq: string }[];
        if (this.opts.idle && (await this.opts.idle())) {
          await m.query(
            `UPDATE "catalog"."change_feed" f SET last_xid = l.change_xid, last_seq = l.change_seq, updated_at = now()
               FROM (SELECT p.change_xid, p.change_seq FROM "catalog"."product" p
                      WHERE p.change_xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
                      ORDER BY p.change_xid DESC, p.change_seq DESC LIMIT 1) l
              WHERE f.name = $1 AND (l.change_xid, l.change_seq) > (f.last_xid, f.last_seq)`,
            [this.name],
          );
          return 0;
        }
        const rows = (await m.query(
          `SELECT ${FEED_COLUMNS} FROM "catalog"."product" p
            WHERE (p.change_xid, p.change_seq) > ($1::bigint, $2::bigint)
              AND p.change_xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
            ORDER BY p.change_xid, p.change_seq LIMIT $3`,
          [feed?.last_xid ?? '0', feed?.last_seq ?? '0', this.opts.batchSize],
        )) as FeedRow[];
        if (!rows.length) return 0;
        const now = new Date();
        if (this.opts.publish) await this.opts.publish(rows, now);
        else
          await sendInChunks(this.producer, {
            topic: Topics.productChanged,
            acks: -1,
            compression: this.opts.compression,
            messages: rows.map((r) => {
              const event = productChangedEvent(r, this.opts.source, now);
              return { key: eventKey(r.tenant_id, r.id), value: JSON.stringify(event), headers: { 'ce-type': Topics.productChanged } };
            }),
          });
        const last = rows[rows.length - 1] as FeedRow;
        await m.query(`UPDATE "catalog"."change_feed" SET last_xid = $2, last_seq = $3, updated_at = now() WHERE name = $1`, [
          this.name,
          last.change_xid,
          last.change_seq,
        ]);
        if (!this.opts.publish) productChangesPublished.inc(rows.length);
        return rows.length;
      });
      total += sent;
      if (sent < this.opts.batchSize || !this.running) return total;
    }
  }

  private async run(): Promise<void> {
    const poll = this.opts.pollIntervalMs ?? 1_000;
    while (this.running) {
      this.pending = false;
      try {
        await this.drain();
        this.failures = 0;
      } catch (err) {
        this.failures++;
        this.logger.warn({ err, failures: this.failures }, 'product change feed could not publish; will retry');
      }
      if (!this.running) break;
      if (this.pending && !this.failures) continue;
      // Rows of a transaction still running at the last drain are only visible to the feed once it ends: look again
      // soon even without a notification.
      const delay = this.failures ? Math.min(30_000, 250 * 2 ** this.failures) : poll;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
