import { z } from 'zod';

/**
 * A partner allowed to post webhooks for a tenant (`POST /v1/inbound/{tenantId}/{source}`) and how its requests are
 * signed. Validated alike by the gateway's admin API and by the webhooks service's internal API behind it.
 */

/** What a source is called in the route and in its topic `hub.inbound.<source>.v1`. */
export const INBOUND_SOURCE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/**
 * Request headers the hub itself reads or that proxies rewrite: the gateway does not forward them to the receiver,
 * so no scheme may name them as where its signature, timestamp or id is.
 */
export const INBOUND_RESERVED_HEADERS: readonly string[] = [
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'content-length',
  'content-type',
  'content-encoding',
  'accept-encoding',
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'x-internal-token',
  'x-correlation-id',
];

const HeaderName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, 'must be an HTTP header name: letters, digits and "-", up to 64')
  .toLowerCase()
  .refine((h) => !INBOUND_RESERVED_HEADERS.includes(h), 'is a header the hub reads itself; pick another')
  .meta({ examples: ['x-signature'] });

export const StandardWebhooksSourceSchema = z.strictObject({
  scheme: z.literal('standard-webhooks').default('standard-webhooks'),
  secret: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: '`whsec_` + base64 of 24–64 bytes; generated (and answered once) when absent' }),
});

export const HmacSourceSchema = z
  .strictObject({
    scheme: z.literal('hmac'),
    secret: z.string().min(16, 'must be at least 16 characters').max(512).meta({ description: 'The HMAC key, as the partner shows it' }),
    header: HeaderName.meta({ description: 'Where the partner puts the signature' }),
    algorithm: z.enum(['sha256', 'sha1', 'sha512']),
    encoding: z.enum(['hex', 'base64']),
    prefix: z
      .string()
      .min(1)
      .max(32)
      .optional()
      .meta({ description: 'Text before the digest in the header', examples: ['sha256='] }),
    signedContent: z
      .enum(['body', 'timestamp.body'])
      .meta({ description: 'What the HMAC is over: the raw body, or `<timestamp>.<raw body>`' }),
    timestampHeader: HeaderName.optional().meta({
      description: 'Unix seconds, within 5 minutes of now; required when the timestamp is signed',
      examples: ['x-timestamp'],
    }),
    idHeader: HeaderName.optional().meta({
      description: 'The event id to deduplicate on; without it, the sha256 of the body is the id',
      examples: ['x-event-id'],
    }),
  })
  .superRefine((v, ctx) => {
    if (v.signedContent === 'timestamp.body' && !v.timestampHeader) {
      ctx.addIssue({ code: 'custom', path: ['timestampHeader'], message: 'is required when signedContent is timestamp.body' });
    }
    const names = [v.header, v.timestampHeader, v.idHeader].filter((h): h is string => h !== undefined);
    if (new Set(names).size !== names.length) {
      ctx.addIssue({ code: 'custom', path: ['header'], message: 'header, timestampHeader and idHeader must be different headers' });
    }
  });

/** `PUT …/inbound-sources/{source}`: Standard Webhooks (the default) or a partner's own HMAC header scheme. */
export const InboundSourceInputSchema = z.discriminatedUnion('scheme', [StandardWebhooksSourceSchema, HmacSourceSchema], {
  error: () => "must be 'standard-webhooks' (the default) or 'hmac'",
});
export type InboundSourceInput = z.output<typeof InboundSourceInputSchema>;
export type HmacSourceSettings = Omit<z.output<typeof HmacSourceSchema>, 'scheme' | 'secret'>;

/** A source as the APIs show it: its scheme and settings, never its secret (answered once, when generated). */
export const InboundSourceViewSchema = z
  .object({
    tenantId: z.string(),
    source: z.string(),
    scheme: z.enum(['standard-webhooks', 'hmac']),
    topic: z.string().meta({ description: 'Where its accepted webhooks are published', examples: ['hub.inbound.retailer.v1'] }),
    header: z.string().optional(),
    algorithm: z.enum(['sha256', 'sha1', 'sha512']).optional(),
    encoding: z.enum(['hex', 'base64']).optional(),
    prefix: z.string().optional(),
    signedContent: z.enum(['body', 'timestamp.body']).optional(),
    timestampHeader: z.string().optional(),
    idHeader: z.string().optional(),
    secret: z.string().optional().meta({ description: 'Only in the answer of a PUT that generated it' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'InboundSource' });
export type InboundSourceView = z.output<typeof InboundSourceViewSchema>;
