import { z } from 'zod';
import { PARTNERS } from '../core/partners';

/** Upper bounds that keep fault injection from hurting the machine it runs on. */
export const FAULT_LIMITS = { maxRules: 100, maxLatencyMs: 30_000 } as const;

/** Body of `POST /_control/faults`. */
export const faultInputSchema = z.strictObject({
  /** Only this partner's routes; omitted = every partner. */
  partner: z.enum(PARTNERS).optional(),
  /** HTTP method ("POST"); omitted or "*" = any. */
  method: z
    .string()
    .regex(/^([A-Za-z]+|\*)$/, 'must be an HTTP method or "*"')
    .transform((m) => m.toUpperCase())
    .optional(),
  /** Glob ("/retailer/v1/sales/*") or regex ("^/credit/v1/venda/.*") matched against the whole request path. */
  path: z.string().min(1).max(500).default('**'),
  /** Probability that a matching request is affected. */
  errorRate: z.number().min(0).max(1).default(1),
  /** Status to answer with. Default 503, except that a fault with only `latencyMs` slows the real answer down. */
  status: z.number().int().min(200).max(599).optional(),
  /** Delay before answering (or before passing the request on). */
  latencyMs: z.number().int().min(0).max(FAULT_LIMITS.maxLatencyMs).default(0),
  /** Never answer: hold the request until the client gives up (the socket is dropped after the 60 s cap). */
  timeout: z.boolean().default(false),
  /**
   * The partner handles the request for real, then the connection drops before the answer leaves: the
   * client sees a network error although the change happened (a lost answer — what idempotency is for).
   */
  dropResponse: z.boolean().default(false),
  /**
   * The partner handles the request for real, then its answer waits this long before it leaves: the change is
   * committed while the caller is still waiting (a client that dies meanwhile never learns of it).
   */
  answerDelayMs: z.number().int().min(0).max(FAULT_LIMITS.maxLatencyMs).default(0),
  /** Apply only to the next N affected requests, then stay listed as spent. */
  times: z.number().int().min(1).max(1_000_000).optional(),
  /** Body to answer with instead of the partner's generic error body. */
  body: z.unknown().optional(),
});

export type FaultInput = z.output<typeof faultInputSchema>;
