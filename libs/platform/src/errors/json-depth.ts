/**
 * How deep a JSON request body may nest. Our payloads nest four or five levels; a body nested thousands of levels
 * deep is an attack on recursive code further in (canonicalisers, validators), so the edge refuses it.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The nesting depth of a JSON text, by one pass over its bytes counting brackets outside strings. Written by hand
 * because it must not recurse (that is the point) and must run before JSON.parse; it does not validate the JSON.
 */
export function jsonDepth(body: Buffer, stopAbove = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/**
 * body-parser `verify` hook: keeps the raw bytes (`req.rawBody`, for signature checks) and refuses bodies nested
 * deeper than MAX_JSON_DEPTH with a 400 the problem filter names (`request.too-deep`).
 */
export function verifyJsonBody(req: { rawBody?: Buffer }, _res: unknown, body: Buffer): void {
  req.rawBody = body;
  if (jsonDepth(body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), { status: 400, jsonDepthLimit: MAX_JSON_DEPTH });
  }
}

/**
 * JSON.parse reviver: a number too large for a double (`1e400`) parses as Infinity, which no field accepts and which
 * canonical JSON cannot represent; refuse it as malformed, naming the key, instead of letting it reach handlers.
 */
export function rejectNonFiniteNumbers(key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new SyntaxError(`Number out of range at "${key}"`);
  return value;
}
