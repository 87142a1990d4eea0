import { defineErrorCodes } from '@looma-hub/domain';

export const CatalogErrors = defineErrorCodes({
  ProductNotFound: { code: 'product.not-found', category: 'not_found', title: 'Product not found' },
  /** A retailer product that cannot be stored as it is (quarantined by a sync, with this code as its reason). */
  ProductInvalid: { code: 'product.invalid', category: 'invalid', title: 'Invalid product' },
  /** A sync watermark that is not an instant. */
  WatermarkInvalid: { code: 'catalog.watermark-invalid', category: 'invalid', title: 'Invalid sync watermark' },
  /** A search cursor this API did not issue, or issued for another query or sort. */
  CursorInvalid: { code: 'catalog.cursor-invalid', category: 'invalid', title: 'Invalid cursor' },
  /** Not every line of an order can be held: nothing is reserved; the shortages are in the details. */
  StockInsufficient: { code: 'catalog.stock-insufficient', category: 'rejected', title: 'Not enough stock' },
  /** An order line already holds another quantity (or product) than the one asked now. */
  ReservationConflict: { code: 'catalog.reservation-conflict', category: 'conflict', title: 'Reservation differs' },
  /** The tenant has no Looma channel. */
  ChannelNotFound: { code: 'catalog.channel-not-found', category: 'not_found', title: 'No such channel' },
  /** No catalog sync of the tenant is running (or has ever run). */
  SyncNotFound: { code: 'catalog.sync-not-found', category: 'not_found', title: 'No catalog sync' },
});
