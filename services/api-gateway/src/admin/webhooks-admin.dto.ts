import { type WebhookFormat, WebhookFormats } from '@looma-hub/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';

// Only the shape is checked here; the webhooks service owns the rules (secret format, header names, event types,
// options per format, private targets) and its 400 names the field, passed through unchanged.

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
const FORMAT_DOC =
  '`standard` (Standard Webhooks `{type, timestamp, data}`), `looma` (cart status processing|finished|shipped|cancelled ' +
  'with the ids), `omnichat` (its status-change call, `<url>/v2/orders/{id}/statusChange`; order events only), `cloudevents`';
const OPTIONS_DOC =
  'Per format: looma `{ workspaceId?: uuid }`, omnichat `{ responsible?: string ≤ 100 }` (default "Looma Hub"), others none';

export class WebhookEndpointDto {
  @ApiProperty({ example: 'https://chat.example.com/hooks/looma' })
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  url!: string;

  @ApiPropertyOptional({
    description:
      'Standard Webhooks secret (whsec_ + base64 of 24–64 bytes); generated and shown once when omitted, never echoed when given',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  secret?: string;

  @ApiPropertyOptional({
    description: 'Up to five custom headers (e.g. the platform auth header), stored encrypted; views show names and a hint only',
    example: { Authorization: 'Bearer x' },
  })
  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  @ApiPropertyOptional({
    type: [String],
    description: 'Event types (`order.completed`, `order.*`, `*`, …); every order event when omitted',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  events?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ enum: WebhookFormats, default: 'standard', description: FORMAT_DOC })
  @IsOptional()
  @IsIn(WebhookFormats)
  format?: WebhookFormat;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: OPTIONS_DOC })
  @IsOptional()
  @IsObject()
  options?: Record<string, unknown>;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ type: [String], nullable: true, description: '`null`: every order event' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  events?: string[] | null;

  @ApiPropertyOptional({ description: '`true` re-enables (the failure counters start again), `false` disables' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ description: 'Replaces every custom header', example: { Authorization: 'Bearer x' } })
  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({ enum: WebhookFormats, description: `${FORMAT_DOC}. A new format starts from no options unless given` })
  @IsOptional()
  @IsIn(WebhookFormats)
  format?: WebhookFormat;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: `${OPTIONS_DOC}; replaces them` })
  @IsOptional()
  @IsObject()
  options?: Record<string, unknown>;
}

export class RotateWebhookSecretDto {
  @ApiPropertyOptional({ description: 'The new whsec_ secret; generated and shown once when omitted' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  secret?: string;

  @ApiPropertyOptional({
    example: '24h',
    default: '24h',
    description: 'How long the old secret keeps signing beside the new one (at most 7d; `0` ends it now)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  previousValidFor?: string;
}

export class WebhookEndpointQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: '`false`: the disabled endpoints, with why and since when' })
  @IsOptional()
  @IsIn(['true', 'false'])
  enabled?: 'true' | 'false';
}

/** The delivery log's filters, passed on as they are. */
export class WebhookDeliveryQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  endpointId?: string;

  @ApiPropertyOptional({ enum: ['pending', 'failed', 'delivered', 'dead'] })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  status?: string;

  @ApiPropertyOptional({ example: 'order.completed' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  eventType?: string;

  @ApiPropertyOptional({ description: 'The order id the events are about' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  since?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created before' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  until?: string;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @IsString()
  @MaxLength(4)
  limit?: string;
}

export class WebhookBulkReplayDto {
  @ApiProperty({ format: 'date-time', description: 'Replays the failed (and dead) deliveries created since then' })
  @IsString()
  @MaxLength(40)
  since!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  until?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  endpointId?: string;

  @ApiPropertyOptional({ example: 'order.completed' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  eventType?: string;

  @ApiPropertyOptional({ type: [String], enum: ['failed', 'dead'], description: 'Both when omitted' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @IsString({ each: true })
  statuses?: string[];
}

export class WebhookHeaderDoc {
  @ApiProperty({ example: 'Authorization' }) name!: string;
  @ApiProperty({ example: 'Bear…', description: 'First 4 characters and … for values longer than 12 characters, else …' })
  valueHint!: string;
}

export class WebhookRotationDoc {
  @ApiProperty({ format: 'date-time', description: 'Until then the previous secret signs beside the current one' })
  previousSecretExpiresAt!: string;
}

/** An endpoint as admins see it: never a secret in full, never a header value. */
export class WebhookEndpointDoc {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: WebhookFormats }) format!: WebhookFormat;
  @ApiProperty({ type: 'object', additionalProperties: true }) options!: Record<string, unknown>;
  @ApiProperty({ type: [String], nullable: true, description: 'null: every order event' }) events!: string[] | null;
  @ApiProperty({ type: [WebhookHeaderDoc] }) headers!: WebhookHeaderDoc[];
  @ApiProperty({ example: 'whsec_…k3n9' }) secretHint!: string;
  @ApiPropertyOptional({
    description: 'Only in the answer that generated it (creation or rotation without a secret): store it now, it is not shown again',
  })
  secret?: string;
  @ApiProperty({ type: WebhookRotationDoc, nullable: true }) rotation!: WebhookRotationDoc | null;
  @ApiProperty() enabled!: boolean;
  @ApiProperty() consecutiveFailures!: number;
  @ApiProperty() consecutiveDead!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) failingSince!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastSuccessAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'The endpoint asked to wait (Retry-After)' })
  pausedUntil!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) disabledAt!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'every attempt failed for 5 days' }) disabledReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
