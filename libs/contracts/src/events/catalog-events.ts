/**
 * `hub.catalog.product-changed.v1` — emitted by catalog-sync only when a product's content really changed
 * (its content hash differs from the stored one), keyed by `<tenantId>:<productId>`. Carries the whole
 * current state so consumers (search index, pricing caches, Looma's product channel) need no read-back.
 * Money in centavos; instants ISO 8601 with offset.
 */
export interface ProductChangedV1 {
  /** The hub's product id (uuid). */
  productId: string;
  /** The retailer's product id. */
  externalId: string;
  /** `created`: first time the hub sees it; `updated`: stored content differed. */
  change: 'created' | 'updated';
  sku: string | null;
  barcode: string | null;
  name: string;
  description: string | null;
  manufacturer: string | null;
  category: string | null;
  priceCents: number;
  promoPriceCents: number | null;
  promoStart: string | null;
  promoEnd: string | null;
  stock: number;
  active: boolean;
  /** Hash of the content fields above; consumers may use it to drop stale or repeated events. */
  contentHash: string;
  /** The retailer's `updatedAt` for this version. */
  sourceUpdatedAt: string;
  occurredAt: string;
}
