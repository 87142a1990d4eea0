import { Inject, Injectable } from '@nestjs/common';
import type { ProductView } from '@looma-hub/contracts';
import { InternalClient } from '@looma-hub/platform';

export const CATALOG_API = Symbol('CATALOG_API');

/** Products as catalog-sync serves them, many codes in one call (hub id, retailer id, SKU or EAN). */
@Injectable()
export class CatalogLookup {
  constructor(@Inject(CATALOG_API) private readonly catalog: InternalClient) {}

  /** One entry per code, in order; null for a code the catalog does not know. */
  async products(tenantId: string, codes: readonly string[]): Promise<(ProductView | null)[]> {
    if (codes.length === 0) return [];
    const { items } = await this.catalog.post<{ items: (ProductView | null)[] }>(
      `/internal/tenants/${encodeURIComponent(tenantId)}/products/lookup`,
      { codes },
    );
    return items;
  }
}
