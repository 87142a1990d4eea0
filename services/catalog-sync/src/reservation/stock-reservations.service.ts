import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CatalogErrors, type ReservationView, type ReserveStockInput, type StockReservationActivities } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { invalidRequest } from '@looma-hub/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { type CatalogVariant, productIdOf } from '../product/domain/catalog-product';
import { type Held, shortages, type StockFacts } from './domain/availability';

const DEFAULT_TTL_SECONDS = 30 * 60;

/**
 * Which reservations hold units: a `reserved` one until it expires; a `confirmed` one (the sale is registered) until
 * the retailer's product data is newer than the confirmation — by then the retailer's own stock has the sale in it,
 * and holding it here as well would count it twice.
 */
export const HOLDING = `((r.status = 'reserved' AND r.expires_at > now()) OR (r.status = 'confirmed' AND r.confirmed_at > p.source_updated_at))`;

interface ReservationRow {
  order_id: string;
  line_id: string;
  external_id: string;
  variant_id: string | null;
  quantity: number;
  status: ReservationView['status'];
  expires_at: Date;
}

function view(r: ReservationRow): ReservationView {
  const expired = r.status === 'reserved' && r.expires_at.getTime() <= Date.now();
  return {
    orderId: r.order_id,
    lineId: r.line_id,
    productId: r.external_id,
    variantId: r.variant_id,
    quantity: r.quantity,
    status: expired ? 'expired' : r.status,
    expiresAt: r.expires_at.toISOString(),
  };
}

/**
 * Stock reservations for orders in flight (activities on the `catalog` task queue). No oversell under any
 * concurrency, in one process or many: a reservation locks the product rows it draws on (in id order, so two orders
 * never deadlock), counts what others hold, and writes its lines in the same transaction.
 */
@Injectable()
export class StockReservations implements StockReservationActivities {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async reserveStock(input: ReserveStockInput): Promise<{ reservations: ReservationView[] }> {
    this.check(input);
    const ttl = input.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    return this.dataSource.transaction(async (m) => {
      const existing = (await m.query(
        `SELECT order_id, line_id, external_id, variant_id, quantity, status, expires_at FROM "catalog"."stock_reservation"
          WHERE tenant_id = $1 AND order_id = $2 FOR UPDATE`,
        [input.tenantId, input.orderId],
      )) as ReservationRow[];
      const byLine = new Map(existing.map((r) => [r.line_id, r]));
      const todo = input.lines.filter((line) => {
        const held = byLine.get(line.lineId);
        if (!held) return true;
        const same = held.external_id === line.productId && held.variant_id === (line.variantId ?? null) && held.quantity === line.quantity;
        const holding = view(held).status === 'reserved' || held.status === 'confirmed';
        if (!same && holding) {
          throw new DomainError(
            CatalogErrors.ReservationConflict,
            `order ${input.orderId} line ${line.lineId} already holds ${held.quantity} of ${held.external_id}${held.variant_id ? `/${held.variant_id}` : ''}`,
            { details: { orderId: input.orderId, lineId: line.lineId } },
          );
        }
        // Held as asked already (a retried call): kept as it is. Released or expired: held again.
        return !holding;
      });
      if (todo.length) {
        const ids = [...new Set(todo.map((l) => productIdOf(input.tenantId, l.productId)))].sort();
        const products = await this.lockProducts(m, input.tenantId, ids);
        const held = await this.heldIn(m, ids, input.orderId);
        const missing = shortages(todo, products, held);
        if (missing.length) {
          throw new DomainError(
            CatalogErrors.StockInsufficient,
            `not enough stock for ${missing.map((s) => `${s.productId}${s.variantId ? `/${s.variantId}` : ''} (${s.reason}: ${s.requested} asked, ${s.available} available)`).join(', ')}`,
            { details: { orderId: input.orderId, shortages: missing } },
          );
        }
        const col = <T>(pick: (l: (typeof todo)[number]) => T) => todo.map(pick);
        await m.query(
          `INSERT INTO "catalog"."stock_reservation" AS r
             (tenant_id, order_id, line_id, product_id, external_id, variant_id, quantity, status, expires_at)
           SELECT $1, $2, u.line_id, u.product_id, u.external_id, u.variant_id, u.quantity, 'reserved', now() + make_interval(secs => $8)
             FROM unnest($3::text[], $4::uuid[], $5::text[], $6::text[], $7::int[]) AS u(line_id, product_id, external_id, variant_id, quantity)
           ON CONFLICT (tenant_id, order_id, line_id) DO UPDATE SET
             product_id = EXCLUDED.product_id, external_id = EXCLUDED.external_id, variant_id = EXCLUDED.variant_id,
             quantity = EXCLUDED.quantity, status = 'reserved', expires_at = EXCLUDED.expires_at, confirmed_at = NULL,
             released_at = NULL, updated_at = now()`,
          [
            input.tenantId,
            input.orderId,
            col((l) => l.lineId),
            col((l) => productIdOf(input.tenantId, l.productId)),
            col((l) => l.productId),
            col((l) => l.variantId ?? null),
            col((l) => l.quantity),
            ttl,
          ],
        );
      }
      const rows = (await m.query(
        `SELECT order_id, line_id, external_id, variant_id, quantity, status, expires_at FROM "catalog"."stock_reservation"
          WHERE tenant_id = $1 AND order_id = $2 AND line_id = ANY($3::text[]) ORDER BY line_id`,
        [input.tenantId, input.orderId, input.lines.map((l) => l.lineId)],
      )) as ReservationRow[];
      return { reservations: rows.map(view) };
    });
  }

  async confirmReservation(input: { tenantId: string; orderId: string }): Promise<{ confirmed: number }> {
    const [, confirmed] = (await this.dataSource.query(
      `UPDATE "catalog"."stock_reservation" SET status = 'confirmed', confirmed_at = now(), updated_at = now()
        WHERE tenant_id = $1 AND order_id = $2 AND status = 'reserved'`,
      [input.tenantId, input.orderId],
    )) as [unknown, number];
    return { confirmed };
  }

  async releaseReservation(input: { tenantId: string; orderId: string; lineIds?: string[] }): Promise<{ released: number }> {
    const [, released] = (await this.dataSource.query(
      `UPDATE "catalog"."stock_reservation" SET status = 'released', released_at = now(), updated_at = now()
        WHERE tenant_id = $1 AND order_id = $2 AND status IN ('reserved', 'confirmed') AND ($3::text[] IS NULL OR line_id = ANY($3::text[]))`,
      [input.tenantId, input.orderId, input.lineIds ?? null],
    )) as [unknown, number];
    return { released };
  }

  /** The order's lines as they stand (for views and tests). */
  async ofOrder(tenantId: string, orderId: string): Promise<ReservationView[]> {
    const rows = (await this.dataSource.query(
      `SELECT order_id, line_id, external_id, variant_id, quantity, status, expires_at FROM "catalog"."stock_reservation"
        WHERE tenant_id = $1 AND order_id = $2 ORDER BY line_id`,
      [tenantId, orderId],
    )) as ReservationRow[];
    return rows.map(view);
  }

  /** Units held per product (and variant) by every order in flight: what search subtracts from stock. */
  async held(tenantId: string, productIds: string[], m: EntityManager = this.dataSource.manager): Promise<Map<string, Held>> {
    return this.heldIn(m, productIds, null, tenantId);
  }

  /** Reservations that hold nothing any more, kept a week for inspection, then deleted. */
  async prune(olderThanDays = 7): Promise<number> {
    const [, n] = (await this.dataSource.query(
      `DELETE FROM "catalog"."stock_reservation"
        WHERE (status = 'released' OR (status = 'reserved' AND expires_at < now()) OR status = 'confirmed')
          AND updated_at < now() - make_interval(days => $1)`,
      [olderThanDays],
    )) as [unknown, number];
    return n;
  }

  private async lockProducts(m: EntityManager, tenantId: string, ids: string[]): Promise<Map<string, StockFacts>> {
    const rows = (await m.query(
      `SELECT external_id, stock, active, variants FROM "catalog"."product" WHERE id = ANY($1::uuid[]) AND tenant_id = $2 ORDER BY id FOR UPDATE`,
      [ids, tenantId],
    )) as { external_id: string; stock: number; active: boolean; variants: CatalogVariant[] }[];
    return new Map(rows.map((r) => [r.external_id, { externalId: r.external_id, stock: r.stock, active: r.active, variants: r.variants }]));
  }

  /** Held units by product external id (other orders only when `exceptOrder`). */
  private async heldIn(m: EntityManager, productIds: string[], exceptOrder: string | null, tenantId?: string): Promise<Map<string, Held>> {
    if (!productIds.length) return new Map();
    const rows = (await m.query(
      `SELECT p.external_id, r.variant_id, sum(r.quantity)::int AS held
         FROM "catalog"."stock_reservation" r JOIN "catalog"."product" p ON p.id = r.product_id
        WHERE r.product_id = ANY($1::uuid[]) AND r.status IN ('reserved', 'confirmed') AND ${HOLDING}
          AND ($2::text IS NULL OR r.order_id <> $2) AND ($3::text IS NULL OR r.tenant_id = $3)
        GROUP BY p.external_id, r.variant_id`,
      [productIds, exceptOrder, tenantId ?? null],
    )) as { external_id: string; variant_id: string | null; held: number }[];
    const out = new Map<string, Held>();
    for (const r of rows) {
      const h = out.get(r.external_id) ?? { total: 0, byVariant: new Map<string, number>() };
      h.total += r.held;
      if (r.variant_id !== null) h.byVariant.set(r.variant_id, (h.byVariant.get(r.variant_id) ?? 0) + r.held);
      out.set(r.external_id, h);
    }
    return out;
  }

  private check(input: ReserveStockInput): void {
    const fields: { field: string; message: string }[] = [];
    if (!input.lines.length) fields.push({ field: 'lines', message: 'must hold at least one line' });
    const ids = new Set<string>();
    input.lines.forEach((l, i) => {
      if (!Number.isSafeInteger(l.quantity) || l.quantity < 1)
        fields.push({ field: `lines[${i}].quantity`, message: 'must be a positive integer' });
      if (ids.has(l.lineId)) fields.push({ field: `lines[${i}].lineId`, message: 'repeats another line' });
      ids.add(l.lineId);
    });
    if (input.ttlSeconds !== undefined && (!Number.isSafeInteger(input.ttlSeconds) || input.ttlSeconds < 1)) {
      fields.push({ field: 'ttlSeconds', message: 'must be a positive integer' });
    }
    if (fields.length) throw invalidRequest(fields);
  }

  asActivities(): StockReservationActivities {
    return {
      reserveStock: this.reserveStock.bind(this),
      confirmReservation: this.confirmReservation.bind(this),
      releaseReservation: this.releaseReservation.bind(this),
    };
  }
}
