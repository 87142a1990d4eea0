import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class RetailerConnectionDto {
  @ApiProperty({ example: 'http://127.0.0.1:4010/retailer', description: 'Base URL of the Retailer Integration API' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  baseUrl!: string;

  @ApiProperty({ description: 'Bearer token the retailer issued to the hub (stored encrypted)' })
  @IsString()
  @Length(1, 4096)
  token!: string;

  @ApiPropertyOptional({ minimum: 500, maximum: 60000 })
  @IsOptional()
  @IsInt()
  @Min(500)
  @Max(60_000)
  timeoutMs?: number;
}

export class WebhookEndpointDto {
  @ApiProperty({ example: 'https://chat.example.com/hooks/looma' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  url!: string;

  @ApiPropertyOptional({ description: 'Standard Webhooks secret (whsec_…); generated when omitted' })
  @IsOptional()
  @IsString()
  @Matches(/^whsec_[A-Za-z0-9+/=]{24,}$/, { message: 'secret must look like whsec_<base64, at least 24 chars>' })
  secret?: string;

  @ApiPropertyOptional({ description: 'Up to five custom headers (e.g. the platform auth header)', example: { Authorization: 'Bearer x' } })
  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  events?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class CreateTenantDto {
  @ApiPropertyOptional({ description: 'Tenant id (slug); generated when omitted', example: 'loja-centro' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{2,62}$/, { message: 'id must be 3–63 characters of [a-z0-9_-]' })
  id?: string;

  @ApiProperty({ example: 'Loja Centro' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ type: RetailerConnectionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RetailerConnectionDto)
  retailer?: RetailerConnectionDto;

  @ApiPropertyOptional({ type: [WebhookEndpointDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => WebhookEndpointDto)
  webhooks?: WebhookEndpointDto[];
}

export class CreateKeyDto {
  @ApiPropertyOptional({ example: 'chat-platform' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;
}

export class CatalogSyncDto {
  @ApiPropertyOptional({ enum: ['full', 'incremental'], default: 'full' })
  @IsOptional()
  @IsIn(['full', 'incremental'])
  mode?: 'full' | 'incremental';
}
