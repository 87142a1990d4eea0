import { headerValueHint, secretHint } from './masking';

describe('masking what an endpoint holds', () => {
  it('shows a secret as whsec_… and its last four characters', () => {
    expect(secretHint('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe('whsec_…LaSw');
  });

  it('shows the first four characters of a header value only when it is longer than 12', () => {
    expect(headerValueHint('Bearer chat-secret-token')).toBe('Bear…');
    expect(headerValueHint('abcdefghijklm')).toBe('abcd…');
    expect(headerValueHint('abcdefghijkl')).toBe('…');
    expect(headerValueHint('team-9')).toBe('…');
  });
});
