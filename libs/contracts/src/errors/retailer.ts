import { defineErrorCodes } from '@looma-hub/domain';

/** The retailer's ERP as a partner (Retailer Integration API), as sagas and the API see it. */
export const RetailerErrors = defineErrorCodes({
  /** The tenant has no retailer connection configured. */
  NotConnected: { code: 'retailer.not-connected', category: 'rejected', title: 'Retailer not connected' },
  /** The retailer answered with a business refusal (4xx): retrying the same request cannot help. */
  Rejected: { code: 'retailer.rejected', category: 'rejected', title: 'Refused by the retailer' },
  /** The retailer answered 2xx with something that breaks the published contract. */
  ContractViolated: { code: 'retailer.contract-violated', category: 'rejected', title: 'Retailer answer outside the contract' },
  /** Network error, timeout, 408/425/429/5xx: the same call may succeed later. */
  Unavailable: { code: 'retailer.unavailable', category: 'unavailable', title: 'Retailer unavailable' },
});
