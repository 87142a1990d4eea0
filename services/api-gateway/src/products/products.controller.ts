import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ProblemDoc, ProductSearchResultDoc, ProductViewDoc } from '../common/api-docs';
import type { ProductSearchResult, ProductView } from '@looma-hub/contracts';
import type { InternalClient } from '@looma-hub/platform';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CATALOG_API } from '../common/internal-clients';
import { ApiKeyGuard, TenantId } from '../tenant/auth.guards';

export class ProductSearchQueryDto {
  @ApiPropertyOptional({
    description: 'Text to search in names (accent- and case-insensitive), or an exact sku/barcode/id',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ default: 0, type: 'integer', minimum: 0, maximum: 10_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  from?: number;

  @ApiPropertyOptional({ default: 10, type: 'integer', minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  size?: number;
}

@ApiTags('products')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('v1/products')
@ApiExtraModels(ProblemDoc)
@UseGuards(ApiKeyGuard)
export class ProductsController {
  constructor(@Inject(CATALOG_API) private readonly catalog: InternalClient) {}

  @Get()
  @ApiOkResponse({ type: ProductSearchResultDoc, description: 'Products of the tenant catalog matching the query' })
  @ApiProblems(400, 401, 503)
  async search(@TenantId() tenantId: string, @Query() query: ProductSearchQueryDto): Promise<ProductSearchResult> {
    return this.catalog.get<ProductSearchResult>(`/internal/tenants/${encodeURIComponent(tenantId)}/products`, {
      q: query.q,
      from: query.from ?? 0,
      size: query.size ?? 10,
    });
  }

  @Get(':id')
  @ApiOkResponse({ type: ProductViewDoc })
  @ApiProblems(401, 404, 503)
  async get(@TenantId() tenantId: string, @Param('id') id: string): Promise<ProductView> {
    return this.catalog.get<ProductView>(`/internal/tenants/${encodeURIComponent(tenantId)}/products/${encodeURIComponent(id)}`);
  }
}
