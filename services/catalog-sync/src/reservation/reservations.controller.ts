import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, UseGuards } from '@nestjs/common';
import type { ReservationView } from '@looma-hub/contracts';
import { InternalApiGuard, TenantIdPipe, ZodPipe } from '@looma-hub/platform';
import { z } from 'zod';
import { StockReservations } from './stock-reservations.service';

const Id = z.string().trim().min(1).max(100);
export const ReserveBodySchema = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        lineId: Id,
        productId: Id,
        variantId: Id.nullable().optional(),
        quantity: z.number().int().min(1).max(100_000),
      }),
    )
    .min(1)
    .max(200),
  ttlSeconds: z.number().int().min(1).max(86_400).optional(),
});
type ReserveBody = z.output<typeof ReserveBodySchema>;

/**
 * The stock reservations of one order over HTTP: the same service the order saga calls as activities on the
 * `catalog` task queue, for operators and for channels that hold stock before a saga starts (a cart being checked).
 * `PUT` is idempotent (the same lines again are the same reservation); 422 `catalog.stock-insufficient` names the
 * short lines, 409 `catalog.reservation-conflict` a line already held with another quantity.
 */
@Controller('internal/tenants/:tenantId/reservations/:orderId')
@UseGuards(InternalApiGuard)
export class ReservationsController {
  constructor(private readonly reservations: StockReservations) {}

  @Put()
  async reserve(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Param('orderId') orderId: string,
    @Body(new ZodPipe(ReserveBodySchema)) body: ReserveBody,
  ): Promise<{ reservations: ReservationView[] }> {
    return this.reservations.reserveStock({
      tenantId,
      orderId,
      lines: body.lines,
      ...(body.ttlSeconds ? { ttlSeconds: body.ttlSeconds } : {}),
    });
  }

  @Get()
  async get(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Param('orderId') orderId: string,
  ): Promise<{ reservations: ReservationView[] }> {
    return { reservations: await this.reservations.ofOrder(tenantId, orderId) };
  }

  @Post('confirm')
  @HttpCode(HttpStatus.OK)
  async confirm(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('orderId') orderId: string): Promise<{ confirmed: number }> {
    return this.reservations.confirmReservation({ tenantId, orderId });
  }

  @Delete()
  @HttpCode(HttpStatus.OK)
  async release(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('orderId') orderId: string): Promise<{ released: number }> {
    return this.reservations.releaseReservation({ tenantId, orderId });
  }
}
