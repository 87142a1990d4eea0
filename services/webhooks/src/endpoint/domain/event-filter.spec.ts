import { OrderStatus } from '@looma-hub/contracts';
import { eventFilterErrors, eventTypeOfOrderStatus, matchesEventFilter } from './event-filter';

describe('endpoint event filter', () => {
  it('delivers everything when the endpoint has no filter', () => {
    expect(matchesEventFilter(null, 'order.completed')).toBe(true);
    expect(matchesEventFilter([], 'order.cancelled')).toBe(true);
  });

  it('matches exact types, prefixes and the wildcard', () => {
    expect(matchesEventFilter(['order.completed'], 'order.completed')).toBe(true);
    expect(matchesEventFilter(['order.completed'], 'order.cancelled')).toBe(false);
    expect(matchesEventFilter(['order.*'], 'order.cancelled')).toBe(true);
    expect(matchesEventFilter(['order.*'], 'orders.cancelled')).toBe(false);
    expect(matchesEventFilter(['*'], 'anything.at.all')).toBe(true);
    expect(matchesEventFilter(['order.completed', 'order.cancelled'], 'order.cancelled')).toBe(true);
  });

  it('sends the Looma catalog stream only to endpoints that name it: not through *, a prefix or no filter', () => {
    expect(matchesEventFilter(['looma.product.changed'], 'looma.product.changed')).toBe(true);
    expect(matchesEventFilter(['order.*', 'looma.product.changed'], 'looma.product.changed')).toBe(true);
    expect(matchesEventFilter(['*'], 'looma.product.changed')).toBe(false);
    expect(matchesEventFilter(['looma.*'], 'looma.product.changed')).toBe(false);
    expect(matchesEventFilter(null, 'looma.product.changed')).toBe(false);
    expect(matchesEventFilter([], 'looma.product.changed')).toBe(false);
    expect(eventFilterErrors(['looma.product.changed'])).toEqual([]);
  });

  it('names order status changes as order.<status>', () => {
    expect(eventTypeOfOrderStatus(OrderStatus.Completed)).toBe('order.completed');
    expect(eventTypeOfOrderStatus(OrderStatus.Cancelled)).toBe('order.cancelled');
  });

  it('rejects unknown types and repeats, naming the entry', () => {
    expect(eventFilterErrors(['order.completed', 'order.*', '*'])).toEqual([]);
    const errors = eventFilterErrors(['order.complete', 'order.completed', 'order.completed']);
    expect(errors.map((e) => e.field)).toEqual(['events[0]', 'events']);
    expect(errors[0]?.message).toMatch(/unknown event type "order.complete"/);
    expect(eventFilterErrors(['sale.*'])[0]?.field).toBe('events[0]');
  });
});
