import { customHeaderErrors, generateWebhookSecret, webhookSecretErrors } from './endpoint-input';

describe('custom headers', () => {
  it('accepts up to five auth headers', () => {
    expect(customHeaderErrors({ Authorization: 'Bearer abc', 'X-Api-Key': 'k', 'X-Team': 't', 'X-A': 'a', 'X-B': 'b' })).toEqual([]);
  });

  it('refuses a sixth header', () => {
    const six = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`X-H${i}`, 'v']));
    expect(customHeaderErrors(six)).toEqual([{ field: 'headers', message: 'at most 5 custom headers' }]);
  });

  it('refuses headers the hub sets, bad names and header injection', () => {
    const errors = customHeaderErrors({
      'webhook-signature': 'x',
      'Content-Type': 'text/plain',
      'bad name': 'v',
      'X-Ok': 'a\r\nX-Evil: 1',
    });
    expect(errors.map((e) => e.field)).toEqual(['headers.webhook-signature', 'headers.Content-Type', 'headers.bad name', 'headers.X-Ok']);
  });

  it('refuses non-objects and case-insensitive repeats', () => {
    expect(customHeaderErrors(['a'])[0]?.message).toMatch(/object/);
    expect(customHeaderErrors({ 'X-Key': 'a', 'x-key': 'b' })).toEqual([
      { field: 'headers.x-key', message: 'repeats another header name' },
    ]);
    expect(customHeaderErrors({ 'X-Key': 42 })[0]?.field).toBe('headers.X-Key');
  });
});

describe('webhook secrets', () => {
  it('generates Standard Webhooks secrets that validate and differ', () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(webhookSecretErrors(a)).toEqual([]);
    expect(generateWebhookSecret()).not.toBe(a);
  });

  it('refuses secrets that are not whsec_ + base64 of 24–64 bytes', () => {
    expect(webhookSecretErrors('hunter2')[0]?.message).toMatch(/whsec_/);
    expect(webhookSecretErrors('whsec_not base64!')[0]?.message).toMatch(/whsec_/);
    expect(webhookSecretErrors(`whsec_${Buffer.alloc(8).toString('base64')}`)[0]?.message).toMatch(/got 8/);
    expect(webhookSecretErrors(`whsec_${Buffer.alloc(24, 7).toString('base64')}`)).toEqual([]);
  });
});
