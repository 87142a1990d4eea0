import type { FieldError } from '@looma-hub/platform';
import { parseDuration } from '../../common/duration';

export const DEFAULT_PREVIOUS_VALID_MS = 24 * 3_600_000;
export const MAX_PREVIOUS_VALID_MS = 7 * 24 * 3_600_000;

/** `previousValidFor` (`24h`, `30m`, `0` = end the old secret now) → ms, or the field error. Absent = 24 h. */
export function previousValidForMs(text: string | undefined, field = 'previousValidFor'): { ms: number } | { error: FieldError } {
  if (text === undefined) return { ms: DEFAULT_PREVIOUS_VALID_MS };
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch {
    return { error: { field, message: 'must be a duration such as 24h, 30m or 0 (ms, s, m, h, d)' } };
  }
  if (ms > MAX_PREVIOUS_VALID_MS) return { error: { field, message: 'must be at most 7d' } };
  return { ms };
}

export interface EndpointSecrets {
  current: string;
  previous: string | null;
  previousExpiresAt: Date | null;
}

/**
 * The secrets after a rotation to `next`: the current one keeps signing beside it for `windowMs` (0 ends it now; an
 * earlier previous secret is dropped). Rotating to the secret already current only sets the window of the previous
 * one — how a rotation is ended early (`0`) or extended.
 */
export function rotateSecret(state: EndpointSecrets, next: string, windowMs: number, now: Date): EndpointSecrets {
  const previous = next === state.current ? state.previous : state.current;
  if (windowMs === 0 || previous === null) return { current: next, previous: null, previousExpiresAt: null };
  return { current: next, previous, previousExpiresAt: new Date(now.getTime() + windowMs) };
}
