import { OrderStatus } from '@looma-hub/contracts';
import { assertTransition, canTransition, InvalidTransitionError } from './order';

describe('order status transitions', () => {
  it('lets a received order be registered, then completed, then cancelled (a return)', () => {
    expect(canTransition(OrderStatus.Received, OrderStatus.Registered)).toBe(true);
    expect(canTransition(OrderStatus.Registered, OrderStatus.Completed)).toBe(true);
    expect(canTransition(OrderStatus.Completed, OrderStatus.Cancelled)).toBe(true);
  });

  it('never reopens a cancelled or failed order', () => {
    for (const to of Object.values(OrderStatus)) {
      expect(canTransition(OrderStatus.Cancelled, to)).toBe(false);
      expect(canTransition(OrderStatus.Failed, to)).toBe(false);
    }
  });

  it('names both ends of a refused transition', () => {
    expect(() => assertTransition(OrderStatus.Completed, OrderStatus.Registered)).toThrow(InvalidTransitionError);
    expect(() => assertTransition(OrderStatus.Completed, OrderStatus.Registered)).toThrow('from COMPLETED to REGISTERED');
  });
});
