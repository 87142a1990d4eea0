import { Webhook } from 'standardwebhooks';

export interface SignatureCheck {
  valid: boolean;
  error: string | null;
}

/** A Standard Webhooks verifier for a secret ("whsec_" + base64, or bare base64); null when the secret is unusable. */
export function verifierFor(secret: string): Webhook | null {
  try {
    return new Webhook(secret);
  } catch {
    return null;
  }
}

/**
 * Checks `webhook-id`, `webhook-timestamp` (±5 min) and `webhook-signature` (any of the space-separated
 * "v1,<base64>" entries) over the exact raw body.
 */
export function checkSignature(verifier: Webhook, rawBody: Buffer, headers: Record<string, string>): SignatureCheck {
  try {
    verifier.verify(rawBody.toString('utf8'), headers, { jsonParse: false });
    return { valid: true, error: null };
  } catch (error) {
    return { valid: false, error: error instanceof Error ? error.message : String(error) };
  }
}
