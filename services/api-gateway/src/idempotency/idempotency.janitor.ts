import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IDEMPOTENCY_RETENTION_HOURS } from './idempotency.interceptor';

/** Deletes stored idempotent answers past their retention, so the table holds about a day of keys. */
@Injectable()
export class IdempotencyJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyJanitor.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), 10 * 60_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    try {
      const [, count] = (await this.dataSource.query(
        `DELETE FROM gateway.idempotency_record WHERE created_at < now() - make_interval(hours => $1)`,
        [IDEMPOTENCY_RETENTION_HOURS],
      )) as [unknown[], number];
      if (count) this.logger.log({ deleted: count }, 'expired idempotency records deleted');
      return count;
    } catch (err) {
      this.logger.warn({ err }, 'idempotency sweep failed; will retry');
      return 0;
    }
  }
}
