import { Logger } from '@nestjs/common';
import { effectivePriceCents } from '@looma-hub/domain';
import type { DataSource } from 'typeorm';
import { pendingMerge, PRODUCT_CHANGES_CHANNEL } from '../product/product.store';

const TICK = pendingMerge(`ARRAY['effectivePrice']`, `'updated'`);

/**
 * Promotions start and end by the clock, with nothing changing at the retailer. So that whoever copies prices from
 * the product-changed events (the Looma channel, pricing caches) sees them start and end, each product whose
 * promotion starts, or ends, in the last tick is re-announced (`changed: ['effectivePrice']`). A window's end is
 * inclusive: the list price is back one millisecond after it. One process ticks at a time (advisory lock); the last
 * tick is stored, so a pause (a restart, a deploy) catches up instead of skipping what happened meanwhile.
 */
export class PromotionClock {
  private readonly logger = new Logger(PromotionClock.name);
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<unknown> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly everyMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.ticking ??= this.tick()
        .catch((err: unknown) => this.logger.warn({ err }, 'promotion clock tick failed; next tick retries'))
        .finally(() => (this.ticking = undefined));
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
  }

  /** Announces every promotion that started or ended since the last tick, up to `now`. Returns how many products. */
  async tick(now = new Date()): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const [lock] = (await m.query(`SELECT pg_try_advisory_xact_lock(hashtext('catalog:promotion-clock')) AS ok`)) as { ok: boolean }[];
      if (!lock?.ok) return 0;
      const [row] = (await m.query(`SELECT last_tick FROM "catalog"."promotion_clock" WHERE id = 1 FOR UPDATE`)) as { last_tick: Date }[];
      if (!row) {
        await m.query(`INSERT INTO "catalog"."promotion_clock" (id, last_tick) VALUES (1, $1)`, [now]);
        return 0;
      }
      if (row.last_tick.getTime() >= now.getTime()) return 0;
      const due = (await m.query(
        `SELECT id, price_cents, promo_price_cents, promo_start, promo_end FROM "catalog"."product" p
          WHERE p.promo_price_cents IS NOT NULL
            AND ((p.promo_start > $1 AND p.promo_start <= $2)
              OR (p.promo_end > $1::timestamptz - interval '1 millisecond' AND p.promo_end <= $2::timestamptz - interval '1 millisecond'))
          ORDER BY id FOR UPDATE`,
        [row.last_tick, now],
      )) as { id: string; price_cents: string; promo_price_cents: string; promo_start: Date | null; promo_end: Date | null }[];
      // The price in force from now on, by the one definition of it.
      const prices = due.map((d) =>
        effectivePriceCents(
          {
            priceCents: Number(d.price_cents),
            promoPriceCents: Number(d.promo_price_cents),
            promoStart: d.promo_start,
            promoEnd: d.promo_end,
          },
          now,
        ),
      );
      if (due.length) {
        await m.query(
          `UPDATE "catalog"."product" p SET effective_price_cents = u.price, change_kind = ${TICK.kind}, changed_fields = ${TICK.fields},
                  change_seq = nextval('"catalog"."product_change_seq"'), change_xid = pg_current_xact_id()::text::bigint, updated_at = now()
             FROM unnest($1::uuid[], $2::bigint[]) AS u(id, price) WHERE p.id = u.id`,
          [due.map((d) => d.id), prices],
        );
      }
      const count = due.length;
      await m.query(`UPDATE "catalog"."promotion_clock" SET last_tick = $1 WHERE id = 1`, [now]);
      if (count) {
        await m.query(`SELECT pg_notify($1, '')`, [PRODUCT_CHANGES_CHANNEL]);
        this.logger.log({ products: count }, 'promotions started or ended: products re-announced');
      }
      return count;
    });
  }
}
