import { formatFilterErrors, formatOptionsErrors, isWebhookFormat } from './endpoint-format';

describe('endpoint formats', () => {
  it('knows the four formats and nothing else', () => {
    expect(['standard', 'looma', 'omnichat', 'cloudevents'].every(isWebhookFormat)).toBe(true);
    expect(isWebhookFormat('slack')).toBe(false);
    expect(isWebhookFormat(undefined)).toBe(false);
  });

  it("takes Looma's workspace id as a UUID", () => {
    expect(formatOptionsErrors('looma', { workspaceId: '0b4f6c1e-0000-4000-8000-00000000abcd' })).toEqual([]);
    expect(formatOptionsErrors('looma', {})).toEqual([]);
    expect(formatOptionsErrors('looma', { workspaceId: 'ws-1' })).toEqual([{ field: 'options.workspaceId', message: 'must be a UUID' }]);
    expect(formatOptionsErrors('looma', { workspaceId: 42 })).toEqual([{ field: 'options.workspaceId', message: 'must be a UUID' }]);
  });

  it("takes OmniChat's responsible as 1–100 characters", () => {
    expect(formatOptionsErrors('omnichat', { responsible: 'Equipe Loja Centro' })).toEqual([]);
    expect(formatOptionsErrors('omnichat', { responsible: 'x'.repeat(100) })).toEqual([]);
    expect(formatOptionsErrors('omnichat', { responsible: 'x'.repeat(101) })).toEqual([
      { field: 'options.responsible', message: 'must be a string of 1–100 characters' },
    ]);
    expect(formatOptionsErrors('omnichat', { responsible: '  ' })[0]?.field).toBe('options.responsible');
  });

  it('refuses options a format does not take, naming each key', () => {
    expect(formatOptionsErrors('standard', { workspaceId: '0b4f6c1e-0000-4000-8000-00000000abcd' })).toEqual([
      { field: 'options.workspaceId', message: 'not an option of the standard format (it takes none)' },
    ]);
    expect(formatOptionsErrors('omnichat', { workspaceId: 'x', responsible: 'A' })).toEqual([
      { field: 'options.workspaceId', message: 'not an option of the omnichat format (it takes responsible)' },
    ]);
    expect(formatOptionsErrors('cloudevents', [])).toEqual([{ field: 'options', message: 'must be an object' }]);
  });

  it('lets omnichat endpoints name order events only', () => {
    expect(formatFilterErrors('omnichat', ['order.*', 'order.completed'])).toEqual([]);
    expect(formatFilterErrors('omnichat', null)).toEqual([]);
    const errors = formatFilterErrors('omnichat', ['order.completed', '*', 'product.changed']);
    expect(errors.map((e) => e.field)).toEqual(['events[1]', 'events[2]']);
    expect(errors[0]?.message).toBe('the omnichat format delivers order events only (order.* or order.<status>), not "*"');
    expect(formatFilterErrors('standard', ['*', 'product.changed'])).toEqual([]);
  });
});
