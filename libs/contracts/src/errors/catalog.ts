import { defineErrorCodes } from '@looma-hub/domain';

export const CatalogErrors = defineErrorCodes({
  ProductNotFound: { code: 'product.not-found', category: 'not_found', title: 'Product not found' },
  /** A retailer product that cannot be stored as it is (skipped by a sync, named in its log). */
  ProductInvalid: { code: 'product.invalid', category: 'invalid', title: 'Invalid product' },
  /** A sync watermark that is not an instant. */
  WatermarkInvalid: { code: 'catalog.watermark-invalid', category: 'invalid', title: 'Invalid sync watermark' },
});
