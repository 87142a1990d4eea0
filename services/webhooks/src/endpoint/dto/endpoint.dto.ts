import { type WebhookEndpointInput, type WebhookFormat, WebhookFormats } from '@looma-hub/contracts';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** `POST /internal/tenants/:tenantId/endpoints` */
export class CreateEndpointDto implements WebhookEndpointInput {
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  url!: string;

  /** `whsec_…`; generated (and shown once) when omitted; a given one is never echoed. */
  @IsOptional()
  @IsString()
  secret?: string;

  /** Up to five custom headers, e.g. the chat platform's auth token. */
  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  events?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  /** Body shape; `standard` when omitted. */
  @IsOptional()
  @IsIn(WebhookFormats)
  format?: WebhookFormat;

  /** Per format: looma `{ workspaceId? }`, omnichat `{ responsible? }`, the others none. */
  @IsOptional()
  @IsObject()
  options?: Record<string, unknown>;

  /** false creates it disabled; true when omitted. */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** `PATCH /internal/tenants/:tenantId/endpoints/:id`: only what is given changes; `events: null` means all events. */
export class UpdateEndpointDto {
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  url?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  events?: string[] | null;

  /** true re-enables (and clears the failure counters); false disables. */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  /** Replaces every custom header. */
  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  /** A new format resets the options unless they are given too. */
  @IsOptional()
  @IsIn(WebhookFormats)
  format?: WebhookFormat;

  /** Replaces the options. */
  @IsOptional()
  @IsObject()
  options?: Record<string, unknown>;
}

/** `POST /internal/tenants/:tenantId/endpoints/:id/rotate-secret` */
export class RotateSecretDto {
  /** The new `whsec_…`; generated (and shown once) when omitted. */
  @IsOptional()
  @IsString()
  secret?: string;

  /** How long the old secret keeps signing beside the new one: `24h` by default, at most `7d`, `0` ends it now. */
  @IsOptional()
  @IsString()
  @MaxLength(20)
  previousValidFor?: string;
}

/** `GET /internal/tenants/:tenantId/endpoints` filters. */
export class EndpointQueryDto {
  /** `false`: the disabled endpoints (how a tenant learns one was disabled for failing). */
  @IsOptional()
  @IsIn(['true', 'false'])
  enabled?: 'true' | 'false';
}

export interface CustomHeaderView {
  name: string;
  /** First 4 characters and `…` for values longer than 12 characters, else `…`: the value is never shown. */
  valueHint: string;
}

export interface EndpointView {
  id: string;
  url: string;
  description: string | null;
  format: WebhookFormat;
  options: Record<string, unknown>;
  /** Subscribed event types; null = all. */
  events: string[] | null;
  headers: CustomHeaderView[];
  /** `whsec_…` and the secret's last 4 characters. */
  secretHint: string;
  /** While the previous secret still signs beside the current one; null otherwise. */
  rotation: { previousSecretExpiresAt: string } | null;
  enabled: boolean;
  consecutiveFailures: number;
  consecutiveDead: number;
  failingSince: string | null;
  lastSuccessAt: string | null;
  /** The endpoint asked us to wait (429/503 `Retry-After`) until then. */
  pausedUntil: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The answer that generated a secret (creation or rotation without one): the only time it is shown. */
export interface CreatedEndpointView extends EndpointView {
  secret: string;
}
