import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Injectable, Post, Query, UseGuards } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { InternalApiGuard } from '../internal/internal-api.guard';
import { outboxChannel } from './outbox.service';

export const OUTBOX_SCHEMA = Symbol('OUTBOX_SCHEMA');

export interface ParkedOutboxRow {
  id: string;
  topic: string;
  key: string;
  tenantId: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  parkedAt: string;
}

/** A service's parked outbox rows: what the broker refused for good, and putting them back once fixed. */
@Injectable()
export class OutboxParking {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(OUTBOX_SCHEMA) private readonly schema: string,
  ) {}

  async list(limit = 100): Promise<{ total: number; items: ParkedOutboxRow[] }> {
    const [count] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM "${this.schema}"."outbox" WHERE parked_at IS NOT NULL`,
    )) as {
      n: number;
    }[];
    const rows = (await this.dataSource.query(
      `SELECT id, topic, message_key, tenant_id, attempts, last_error, created_at, parked_at FROM "${this.schema}"."outbox"
        WHERE parked_at IS NOT NULL ORDER BY created_at, id LIMIT $1`,
      [limit],
    )) as {
      id: string;
      topic: string;
      message_key: string;
      tenant_id: string;
      attempts: number;
      last_error: string | null;
      created_at: Date;
      parked_at: Date;
    }[];
    return {
      total: count?.n ?? 0,
      items: rows.map((r) => ({
        id: r.id,
        topic: r.topic,
        key: r.message_key,
        tenantId: r.tenant_id,
        attempts: r.attempts,
        lastError: r.last_error,
        createdAt: r.created_at.toISOString(),
        parkedAt: r.parked_at.toISOString(),
      })),
    };
  }

  /** Puts parked rows (all, or those ids) back in line with fresh attempts, and wakes the relay. */
  async requeue(ids?: string[]): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const [, n] = (await m.query(
        `UPDATE "${this.schema}"."outbox" SET parked_at = NULL, attempts = 0, last_error = NULL
          WHERE parked_at IS NOT NULL AND ($1::uuid[] IS NULL OR id = ANY($1::uuid[]))`,
        [ids?.length ? ids : null],
      )) as [unknown, number];
      await m.query('SELECT pg_notify($1, $2)', [outboxChannel(this.schema), '']);
      return n;
    });
  }
}

export class RequeueParkedDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1_000)
  @IsUUID('all', { each: true })
  ids?: string[];
}

export class ParkedQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000)
  limit?: number;
}

/** Internal API of every service that relays an outbox (the gateway's admin routes and `npm run hub -- outbox:*`). */
@Controller('internal/outbox/parked')
@UseGuards(InternalApiGuard)
export class OutboxParkingController {
  constructor(private readonly parking: OutboxParking) {}

  @Get()
  list(@Query() query: ParkedQueryDto): Promise<{ total: number; items: ParkedOutboxRow[] }> {
    return this.parking.list(query.limit ?? 100);
  }

  @Post('requeue')
  @HttpCode(HttpStatus.OK)
  async requeue(@Body() body: RequeueParkedDto): Promise<{ requeued: number }> {
    return { requeued: await this.parking.requeue(body.ids) };
  }
}
