import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  CatalogErrors,
  type OmniChatProduct,
  type OmniChatProductQuery,
  OmniChatProductQuerySchema,
  type ProductSearchQuery,
  ProductSearchQuerySchema,
  type ProductSearchResult,
  type ProductView,
  omniChatProduct,
} from '@looma-hub/contracts';
import { type InternalClient, ZodPipe } from '@looma-hub/platform';
import { isDomainError } from '@looma-hub/domain';
import { z } from 'zod';
import { ApiProblems, ProblemDoc } from '../common/api-docs';
import { CATALOG_API } from '../common/internal-clients';
import { ApiZodOk, ApiZodQuery } from '../common/zod-docs';
import { ApiKeyGuard, TenantId } from '../tenant/auth.guards';

export const ProductLookupQuerySchema = z.strictObject({
  kind: z
    .enum(['any', 'id', 'sku', 'ean', 'reference'], { message: 'must be one of any, id, sku, ean, reference' })
    .default('any')
    .meta({ description: "What the code is: the hub's or the retailer's id, a SKU, an EAN (any: whichever matches)" }),
});
type ProductLookupQuery = z.output<typeof ProductLookupQuerySchema>;

const catalogPath = (tenantId: string) => `/internal/tenants/${encodeURIComponent(tenantId)}/products`;

/** Query strings for the catalog's internal search, from a validated query. */
function searchParams(q: ProductSearchQuery): Record<string, string | number | undefined> {
  return Object.fromEntries(Object.entries(q).map(([k, v]) => [k, v === undefined ? undefined : String(v)]));
}

@ApiTags('products')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('v1')
@ApiExtraModels(ProblemDoc)
@UseGuards(ApiKeyGuard)
export class ProductsController {
  constructor(@Inject(CATALOG_API) private readonly catalog: InternalClient) {}

  @Get('products')
  @ApiOperation({
    summary: 'Search the catalog',
    description:
      'Portuguese full text over name, description, manufacturer, brand and category (accents, case and small typos ' +
      'forgiven; exact codes first, then names equal to or starting with the words), with filters, sorts and cursor ' +
      'paging. Each product carries the price in force now, its list price, the promotion window and the units ' +
      'available net of the reservations of orders in flight.',
  })
  @ApiZodQuery(ProductSearchQuerySchema)
  @ApiZodOk('ProductSearchResult', 'One page of products, best first (or in the order asked)')
  @ApiProblems(400, 401, 503)
  async search(
    @TenantId() tenantId: string,
    @Query(new ZodPipe(ProductSearchQuerySchema)) query: ProductSearchQuery,
  ): Promise<ProductSearchResult> {
    return this.catalog.get<ProductSearchResult>(catalogPath(tenantId), searchParams(query));
  }

  @Get('products/:code')
  @ApiOperation({ summary: "One product by the hub's id, the retailer's id, a SKU or an EAN (of the product or a variant)" })
  @ApiParam({ name: 'code' })
  @ApiZodQuery(ProductLookupQuerySchema)
  @ApiZodOk('ProductView', 'The product')
  @ApiProblems(400, 401, 404, 503)
  async get(
    @TenantId() tenantId: string,
    @Param('code') code: string,
    @Query(new ZodPipe(ProductLookupQuerySchema)) query: ProductLookupQuery,
  ): Promise<ProductView> {
    return this.catalog.get<ProductView>(`${catalogPath(tenantId)}/${encodeURIComponent(code)}`, { kind: query.kind });
  }

  /**
   * OmniChat's "custom integration" product search (PARTNERS.md §2): a bare array, prices in decimal reais. A lookup
   * that finds nothing is an empty array, as the platform expects, not a 404.
   */
  @Get('omnichat/products')
  @ApiTags('omnichat')
  @ApiOperation({ summary: 'Product search in the shape of an OmniChat custom integration' })
  @ApiZodQuery(OmniChatProductQuerySchema)
  @ApiZodOk('OmniChatProductList', 'The products found, best first (an empty array when none)')
  @ApiProblems(400, 401, 503)
  async omniChat(
    @TenantId() tenantId: string,
    @Query(new ZodPipe(OmniChatProductQuerySchema)) query: OmniChatProductQuery,
  ): Promise<OmniChatProduct[]> {
    if (query.searchType === 'TEXT') {
      const page = await this.catalog.get<ProductSearchResult>(catalogPath(tenantId), {
        ...(query.query.trim() ? { q: query.query } : {}),
        from: query.from,
        size: query.size,
      });
      return page.items.map(omniChatProduct);
    }
    const kind = { ID: 'id', SKUID: 'sku', REFERENCE: 'reference' }[query.searchType];
    if (!query.query.trim() || query.from > 0) return [];
    try {
      const product = await this.catalog.get<ProductView>(`${catalogPath(tenantId)}/${encodeURIComponent(query.query.trim())}`, { kind });
      return [omniChatProduct(product)];
    } catch (err) {
      if (isDomainError(err, CatalogErrors.ProductNotFound)) return [];
      throw err;
    }
  }
}
