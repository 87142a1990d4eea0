import { defineErrorCodes } from '@looma-hub/domain';

export const OrderErrors = defineErrorCodes({
  NotFound: { code: 'order.not-found', category: 'not_found', title: 'Order not found' },
  /** The order's current status does not allow the change (e.g. a cancelled order cannot be registered). */
  InvalidTransition: { code: 'order.invalid-transition', category: 'conflict', title: 'Order status change refused' },
  TotalMismatch: { code: 'order.total-mismatch', category: 'rejected', title: 'Order total does not match its items' },
  TotalTooLarge: { code: 'order.total-too-large', category: 'rejected', title: 'Order total too large' },
});
