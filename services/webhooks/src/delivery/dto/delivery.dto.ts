import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { DeliveryStatus } from '../delivery.entity';

/** `GET /internal/tenants/:tenantId/deliveries` filters. */
export class DeliveryQueryDto {
  @IsOptional()
  @IsUUID()
  endpointId?: string;

  @IsOptional()
  @IsIn(Object.values(DeliveryStatus))
  status?: DeliveryStatus;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  eventType?: string;

  /** The order id the events are about. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;

  /** Created at or after (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  /** Created before (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

/** `GET dead-letters`: the deliveries that used up every attempt (status `dead`), with the same filters. */
export class DeadLetterQueryDto extends DeliveryQueryDto {}

/** `POST deliveries/replay`: every failed delivery created since a time, again. */
export class BulkReplayDto {
  @IsISO8601({ strict: true })
  since!: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;

  @IsOptional()
  @IsUUID()
  endpointId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  eventType?: string;

  /** Which to replay: `failed` (still retrying) and `dead` (exhausted) by default. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @IsIn([DeliveryStatus.Failed, DeliveryStatus.Dead], { each: true })
  statuses?: DeliveryStatus[];
}

export interface DeliveryAttemptView {
  cycle: number;
  attempt: number;
  attemptedAt: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** The first bytes of the answer. */
  responseExcerpt: string | null;
}

export interface DeliveryView {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  subject: string | null;
  status: DeliveryStatus;
  /** 1, +1 per replay. */
  cycle: number;
  /** Attempts in the current cycle. */
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The body's `data` as sent. */
  data: Record<string, unknown>;
  /** Every attempt, oldest first. */
  attemptLog: DeliveryAttemptView[];
}

export interface DeliveryPage {
  items: DeliveryView[];
  nextCursor: string | null;
}
