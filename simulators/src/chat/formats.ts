import { z } from 'zod';
import { fieldPath } from '../core/validation';

/**
 * Body formats the receiver recognises and checks, besides the free-form JSON of `/chat/webhooks`:
 * - `omnichat`: what OmniChat's `POST /v2/orders/{orderId}/statusChange` takes;
 * - `cloudevents`: a CloudEvents 1.0 event in structured mode (`content-type: application/cloudevents+json`).
 */
export type BodyFormat = 'omnichat' | 'cloudevents';

const CLOUDEVENTS_TYPE = /^application\/cloudevents\+json\b/i;

const nonEmpty = z.string().min(1);

const omniChatStatusChange = z.object({
  responsible: nonEmpty,
  status: nonEmpty,
  message: z.string(),
  orderGwId: nonEmpty.optional(),
});

const cloudEvent = z.object({
  specversion: z.literal('1.0'),
  id: nonEmpty,
  source: nonEmpty,
  type: nonEmpty,
  subject: nonEmpty.optional(),
  time: z.iso.datetime({ offset: true }).optional(),
  datacontenttype: nonEmpty.optional(),
  dataschema: nonEmpty.optional(),
});

export interface FormatCheck {
  valid: boolean;
  error: string | null;
}

/** The format a delivery is checked against: the route says OmniChat; otherwise the content type may say CloudEvents. */
export function formatOf(route: 'webhooks' | 'omnichat', contentType: string | undefined): BodyFormat | null {
  if (route === 'omnichat') return 'omnichat';
  return CLOUDEVENTS_TYPE.test(contentType ?? '') ? 'cloudevents' : null;
}

/** Checks an already parsed body (`undefined` when it was not JSON) against its format. */
export function checkFormat(format: BodyFormat, body: unknown): FormatCheck {
  if (body === undefined) return { valid: false, error: 'body is not JSON' };
  const result = (format === 'omnichat' ? omniChatStatusChange : cloudEvent).safeParse(body);
  if (result.success) return { valid: true, error: null };
  const issue = result.error.issues[0];
  const field = issue ? fieldPath(issue.path) : '';
  return { valid: false, error: `${field ? `${field}: ` : ''}${issue?.message ?? 'invalid body'}` };
}
