import { type DynamicModule, Module } from '@nestjs/common';
import type { ServiceConfig } from '../config';
import { COUPON_LEDGER_OPTIONS, CouponLedger, type CouponLedgerOptions } from './coupon-ledger';
import { CouponReservationSweeper } from './coupon-reservation.sweeper';
import { CouponReservationsController } from './coupon-reservations.controller';

/**
 * Coupon usage: the ledger (reserve, confirm, release, standing) in every process; the internal API and the
 * reservation sweeper only in the HTTP process. A worker registers `CouponLedger.asActivities()`.
 */
@Module({})
export class CouponModule {
  static forRoot(config: ServiceConfig, role: 'http' | 'worker' = 'http'): DynamicModule {
    const options: CouponLedgerOptions = {
      secretsKey: config.SECRETS_KEY,
      reservationTtlMs: config.PRICING_COUPON_RESERVATION_TTL_MS,
      sweepMs: config.PRICING_COUPON_SWEEP_MS,
    };
    return {
      module: CouponModule,
      controllers: role === 'http' ? [CouponReservationsController] : [],
      providers: [
        { provide: COUPON_LEDGER_OPTIONS, useValue: options },
        CouponLedger,
        ...(role === 'http' ? [CouponReservationSweeper] : []),
      ],
      exports: [CouponLedger],
    };
  }
}
