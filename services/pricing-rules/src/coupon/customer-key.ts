import { createHmac, hkdfSync } from 'node:crypto';
import { parseTaxDocument } from '@looma-hub/domain';

const KEY_INFO = 'looma-hub/pricing-rules/coupon-customer-key/v1';

/**
 * Who used a coupon, without keeping the CPF/CNPJ (personal data): an HMAC-SHA256 of the tenant and the normalised
 * document, under a key derived (HKDF) from SECRETS_KEY for this use only. The same customer gives the same key in
 * every process; the rows of two tenants cannot be linked; a leaked table cannot be reversed by trying every CPF
 * without the key. Rotating SECRETS_KEY starts every customer's count afresh.
 */
export class CustomerKeys {
  private readonly key: Buffer;

  constructor(secretsKeyBase64: string) {
    const ikm = Buffer.from(secretsKeyBase64, 'base64');
    if (ikm.length !== 32) throw new Error('SECRETS_KEY must be 32 bytes, base64-encoded');
    this.key = Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), KEY_INFO, 32));
  }

  /** The key of a CPF or CNPJ (any punctuation), or throws `document.invalid` naming `field`. */
  of(tenantId: string, document: string, field = 'customerDocument'): string {
    const { value } = parseTaxDocument(document, { field });
    return createHmac('sha256', this.key).update(`${tenantId}\u0000${value}`).digest('base64url');
  }
}
