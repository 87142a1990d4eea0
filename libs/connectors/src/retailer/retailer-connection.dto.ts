import { IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';

/**
 * The request body that sets a tenant's retailer connection, validated at each service's internal edge
 * (orders and catalog-sync both store one). Timeouts are capped so a partner activity attempt (75 s) outlasts them.
 */
export class RetailerConnectionDto {
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  baseUrl!: string;

  @IsString()
  @MinLength(1)
  token!: string;

  @IsOptional()
  @IsInt()
  @Min(500)
  @Max(60_000)
  timeoutMs?: number;
}
