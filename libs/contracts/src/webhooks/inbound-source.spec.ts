import { InboundSourceInputSchema } from './inbound-source';

const fields = (input: unknown) => {
  const r = InboundSourceInputSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('inbound source settings', () => {
  it('default to Standard Webhooks, the secret optional', () => {
    expect(InboundSourceInputSchema.parse({})).toEqual({ scheme: 'standard-webhooks' });
    expect(fields({ scheme: 'standard-webhooks', secret: 'whsec_x', header: 'x-signature' })).toEqual(['']);
  });

  it('take an HMAC header scheme with lower-cased header names', () => {
    const parsed = InboundSourceInputSchema.parse({
      scheme: 'hmac',
      secret: 'partner-secret-0123456789',
      header: 'X-Hub-Signature-256',
      algorithm: 'sha256',
      encoding: 'hex',
      prefix: 'sha256=',
      signedContent: 'timestamp.body',
      timestampHeader: 'X-Timestamp',
    });
    expect(parsed).toMatchObject({ header: 'x-hub-signature-256', timestampHeader: 'x-timestamp' });
  });

  it('name what is wrong: an unknown scheme, a missing timestamp header, a reserved or repeated header, a short secret', () => {
    const hmac = { scheme: 'hmac', secret: 'partner-secret-0123456789', header: 'x-signature', algorithm: 'sha1', encoding: 'base64' };
    expect(fields({ scheme: 'rsa' })).toEqual(['scheme']);
    expect(fields({ ...hmac, signedContent: 'timestamp.body' })).toEqual(['timestampHeader']);
    expect(fields({ ...hmac, signedContent: 'body', header: 'Authorization' })).toEqual(['header']);
    expect(fields({ ...hmac, signedContent: 'body', idHeader: 'X-Signature' })).toEqual(['header']);
    expect(fields({ ...hmac, signedContent: 'body', secret: 'short' })).toEqual(['secret']);
    expect(fields({ ...hmac, signedContent: 'body', encoding: 'base32' })).toEqual(['encoding']);
  });
});
