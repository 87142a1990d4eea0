import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, UseGuards } from '@nestjs/common';
import { InternalApiGuard, TenantIdPipe, ZodPipe } from '@looma-hub/platform';
import { z } from 'zod';
import { CouponLedger } from './coupon-ledger';
import type { CouponRedemptionView, CouponReservation, CouponUsage } from './coupon-ledger.types';

const Id = z.string().trim().min(1).max(100);
const Limit = z.number().int().min(1).max(1_000_000_000).nullable().optional();

export const ReserveCouponBodySchema = z.strictObject({
  ruleId: Id,
  code: z.string().trim().min(1).max(60),
  orderId: Id,
  customerDocument: z.string().trim().min(1).max(30).nullable().optional(),
  usageLimit: Limit,
  perCustomerLimit: Limit,
  ttlMs: z.number().int().min(1_000).max(86_400_000).optional(),
});
export const CouponOrderBodySchema = z.strictObject({ orderId: Id, ruleId: Id.optional() });
export const ReleaseCouponBodySchema = CouponOrderBodySchema.extend({ reason: z.string().trim().min(1).max(200) });
const UsageQuerySchema = z.strictObject({ usageLimit: z.coerce.number().int().min(1).optional() });
// Aliases, not `z.output<…>` in the signatures: Nest's reflected parameter type must stay a plain object.
type ReserveCouponBody = z.output<typeof ReserveCouponBodySchema>;
type CouponOrderBody = z.output<typeof CouponOrderBodySchema>;
type ReleaseCouponBody = z.output<typeof ReleaseCouponBodySchema>;
type UsageQuery = z.output<typeof UsageQuerySchema>;

/**
 * Coupon uses of orders over HTTP: the same ledger the order saga calls as activities. Reserving is idempotent per
 * (coupon, order); 422 `coupon.exhausted` / `coupon.customer-limit` when no use is left, 400
 * `coupon.customer-required` when the coupon counts uses per CPF/CNPJ and none is given, 409
 * `coupon.reservation-expired` when confirming a use no longer held.
 */
@Controller('internal/tenants/:tenantId/coupons')
@UseGuards(InternalApiGuard)
export class CouponReservationsController {
  constructor(private readonly ledger: CouponLedger) {}

  @Post('reservations')
  async reserve(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Body(new ZodPipe(ReserveCouponBodySchema)) body: ReserveCouponBody,
  ): Promise<CouponReservation> {
    const { ttlMs, ...rest } = body;
    return this.ledger.reserve({ tenantId, ...rest, ...(ttlMs ? { ttlMs } : {}) });
  }

  @Post('reservations/confirm')
  @HttpCode(HttpStatus.OK)
  async confirm(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Body(new ZodPipe(CouponOrderBodySchema)) body: CouponOrderBody,
  ): Promise<{ redemptions: CouponRedemptionView[] }> {
    return this.ledger.confirm({ tenantId, ...body });
  }

  @Post('reservations/release')
  @HttpCode(HttpStatus.OK)
  async release(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Body(new ZodPipe(ReleaseCouponBodySchema)) body: ReleaseCouponBody,
  ): Promise<{ redemptions: CouponRedemptionView[] }> {
    return this.ledger.release({ tenantId, ...body });
  }

  @Get(':ruleId/usage')
  async usage(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Param('ruleId') ruleId: string,
    @Query(new ZodPipe(UsageQuerySchema)) query: UsageQuery,
  ): Promise<CouponUsage> {
    return this.ledger.usage(tenantId, ruleId, query.usageLimit ?? null);
  }
}
