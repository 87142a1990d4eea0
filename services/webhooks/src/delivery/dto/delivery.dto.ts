import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
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

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export interface DeliveryAttemptView {
  cycle: number;
  attempt: number;
  attemptedAt: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
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
