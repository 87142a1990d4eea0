import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { WebhookEndpointDto } from './webhooks-admin.dto';

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

  @ApiPropertyOptional({
    default: false,
    description:
      'Development mode: its webhook endpoints may point at loopback, private and link-local addresses (the simulators). ' +
      'Set before the endpoints are created.',
  })
  @IsOptional()
  @IsBoolean()
  developmentMode?: boolean;

  @ApiPropertyOptional({ type: [WebhookEndpointDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => WebhookEndpointDto)
  webhooks?: WebhookEndpointDto[];
}

export class UpdateTenantDto {
  @ApiProperty({ description: 'Development mode: webhook endpoints on loopback, private and link-local addresses allowed' })
  @IsBoolean()
  developmentMode!: boolean;
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
