import { OrderErrors, OrderStatus } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';

export type { OrderCustomer, OrderLine } from '@looma-hub/contracts';
export { OrderStatus } from '@looma-hub/contracts';
export type OrderChannelValue = 'api' | 'omnichat' | 'looma';

/** Which status may follow which. A repeated transition to the current status is a no-op, not an error. */
const allowed: Record<OrderStatus, OrderStatus[]> = {
  RECEIVED: [OrderStatus.Registered, OrderStatus.Failed, OrderStatus.Cancelled],
  REGISTERED: [OrderStatus.Completed, OrderStatus.Cancelled, OrderStatus.Failed],
  COMPLETED: [OrderStatus.Cancelled],
  CANCELLED: [],
  FAILED: [],
};

export class InvalidTransitionError extends DomainError {
  constructor(
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    super(OrderErrors.InvalidTransition, `order cannot go from ${from} to ${to}`, { details: { from, to } });
  }
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return allowed[from].includes(to);
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}
