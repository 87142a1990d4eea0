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

  it('accepts a rotation delivery signed with two secrets, whichever one the receiver holds', () => {
    const oldSecret = secret;
    const newSecret = `whsec_${Buffer.from('the-rotated-in-secret-0987654').toString('base64')}`;
    const body = '{"type":"order.status_changed","data":{"orderId":"o-7"}}';
    const at = new Date();
    const id = 'msg_rotation';
    // What the hub sends while a secret rotates: one "v1,<sig>" per secret, space-separated.
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': Math.floor(at.getTime() / 1000).toString(),
      'webhook-signature': `${new Webhook(newSecret).sign(id, at, body)} ${new Webhook(oldSecret).sign(id, at, body)}`,
    };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);

    expect(checkSignature(verifierFor(oldSecret)!, Buffer.from(body), headers)).toEqual({ valid: true, error: null });
    expect(checkSignature(verifierFor(newSecret)!, Buffer.from(body), headers)).toEqual({ valid: true, error: null });
    const third = verifierFor(`whsec_${Buffer.from('a-third-secret-nobody-used-1').toString('base64')}`);
    expect(checkSignature(third!, Buffer.from(body), headers)).toEqual({ valid: false, error: 'No matching signature found' });
    // Only the old signature, a receiver on the new secret: the rotation has not reached this delivery.
    const oldOnly = { ...headers, 'webhook-signature': new Webhook(oldSecret).sign(id, at, body) };
    expect(checkSignature(verifierFor(newSecret)!, Buffer.from(body), oldOnly).valid).toBe(false);
  });
});
