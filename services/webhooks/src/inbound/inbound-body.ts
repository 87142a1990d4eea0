import { DomainError } from '@looma-hub/domain';
import { jsonDepth, MAX_JSON_DEPTH, RequestErrors, rejectNonFiniteNumbers } from '@looma-hub/platform';

const BODY = '(body)';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The JSON object a verified inbound webhook carries, checked as the edge checks every JSON body (valid UTF-8 and
 * JSON, nested at most MAX_JSON_DEPTH levels, no number beyond a double) — here, after the signature, since the
 * receiver reads the raw bytes itself. A 400 naming the body otherwise.
 */
export function parseInboundBody(raw: Buffer): Record<string, unknown> {
  if (jsonDepth(raw, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new DomainError(RequestErrors.TooDeep, `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`, {
      fieldErrors: [{ field: BODY, message: `nested deeper than ${MAX_JSON_DEPTH} levels` }],
      details: { maxDepth: MAX_JSON_DEPTH },
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(raw), rejectNonFiniteNumbers) as unknown;
  } catch (err) {
    throw new DomainError(RequestErrors.MalformedJson, 'The request body is not valid JSON.', {
      fieldErrors: [{ field: BODY, message: err instanceof Error ? err.message : 'not valid JSON' }],
    });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new DomainError(RequestErrors.Invalid, 'The request body must be a JSON object.', {
      fieldErrors: [{ field: BODY, message: 'must be a JSON object' }],
    });
  }
  return value as Record<string, unknown>;
}

/** A content type an inbound webhook may have: JSON (`application/json`, `application/*+json`), or none said. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}
