import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { COUPON_LEDGER_OPTIONS, CouponLedger, type CouponLedgerOptions } from './coupon-ledger';

/**
 * Expires coupon reservations never confirmed, every PRICING_COUPON_SWEEP_MS (HTTP process only). Several processes
 * may sweep at once: each takes the coupons the others do not hold.
 */
@Injectable()
export class CouponReservationSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CouponReservationSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> | undefined;

  constructor(
    private readonly ledger: CouponLedger,
    @Inject(COUPON_LEDGER_OPTIONS) private readonly options: CouponLedgerOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.ledger
        .expireDue()
        .catch((err: unknown) => this.logger.warn({ err }, 'coupon reservation sweep failed; the next one retries'))
        .finally(() => (this.sweeping = undefined));
    }, this.options.sweepMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }
}
