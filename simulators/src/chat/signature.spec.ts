import { Webhook } from 'standardwebhooks';
import { checkSignature, verifierFor } from './signature';

const secret = `whsec_${Buffer.from('a-test-secret-of-some-length!!').toString('base64')}`;

function signed(body: string, at = new Date()): Record<string, string> {
  const id = 'msg_test_1';
  return {
    'webhook-id': id,
    'webhook-timestamp': Math.floor(at.getTime() / 1000).toString(),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

describe('Standard Webhooks verification', () => {
  const verifier = verifierFor(secret);

  it('accepts a correctly signed body', () => {
    const body = '{"type":"order.status","data":{"id":"1"}}';
    expect(checkSignature(verifier!, Buffer.from(body), signed(body))).toEqual({ valid: true, error: null });
  });

  it('rejects a body changed after signing, a wrong secret and a stale timestamp', () => {
    const body = '{"a":1}';
    expect(checkSignature(verifier!, Buffer.from('{"a":2}'), signed(body)).valid).toBe(false);
    const other = verifierFor(`whsec_${Buffer.from('another-secret-entirely-123').toString('base64')}`);
    expect(checkSignature(other!, Buffer.from(body), signed(body)).valid).toBe(false);
    const old = signed(body, new Date(Date.now() - 10 * 60_000));
    expect(checkSignature(verifier!, Buffer.from(body), old)).toMatchObject({
      valid: false,
      error: 'Message timestamp too old',
    });
  });

  it('reports missing headers and unusable secrets', () => {
    expect(checkSignature(verifier!, Buffer.from('{}'), {}).error).toBe('Missing required headers');
    expect(verifierFor('not base64 at all!')).toBeNull();
  });
});
