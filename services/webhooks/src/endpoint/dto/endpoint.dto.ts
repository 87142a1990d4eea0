import type { WebhookEndpointInput } from '@looma-hub/contracts';
import { ArrayMaxSize, IsArray, IsBoolean, IsObject, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** `POST /internal/tenants/:tenantId/endpoints` */
export class CreateEndpointDto implements WebhookEndpointInput {
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  url!: string;

  /** `whsec_…`; generated when omitted. */
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
}

export interface EndpointView {
  id: string;
  url: string;
  description: string | null;
  /** Subscribed event types; null = all. */
  events: string[] | null;
  /** Custom header names (values are never shown again). */
  headers: string[];
  enabled: boolean;
  consecutiveFailures: number;
  consecutiveDead: number;
  failingSince: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The answer to a creation: the only time the secret is shown. */
export interface CreatedEndpointView extends EndpointView {
  secret: string;
}
