/**
 * The hub's error codes, one small enum per feature (`defineErrorCodes` from `@looma-hub/domain`). They cross every
 * process boundary — the `code` and `type` of an HTTP problem, the `type` of a Temporal failure — so they are
 * declared here once. The request, auth and infrastructure codes of the HTTP edge are in `@looma-hub/platform`.
 */
import { ErrorCategory, type ErrorCode } from '@looma-hub/domain';
import { CatalogErrors } from './catalog';
import { ConnectionErrors } from './connections';
import { IdempotencyErrors, TenantErrors } from './tenants';
import { OrderErrors } from './orders';
import { PricingErrors } from './pricing';
import { RetailerErrors } from './retailer';
import { WebhookErrors } from './webhooks';

export * from './catalog';
export * from './connections';
export * from './orders';
export * from './pricing';
export * from './retailer';
export * from './tenants';
export * from './webhooks';

/** Every feature enum of this library. */
export const FeatureErrors = {
  catalog: CatalogErrors,
  connections: ConnectionErrors,
  idempotency: IdempotencyErrors,
  orders: OrderErrors,
  pricing: PricingErrors,
  retailer: RetailerErrors,
  tenants: TenantErrors,
  webhooks: WebhookErrors,
} as const;

/**
 * Failure types a workflow never retries: every code above that is a business outcome (anything but
 * `unavailable`). Activity presets list them as `nonRetryableErrorTypes`; the activity mapper also marks such
 * failures non-retryable itself, so the two agree by construction.
 */
export const NON_RETRYABLE_FAILURE_TYPES: readonly string[] = Object.values(FeatureErrors)
  .flatMap((feature) => Object.values(feature) as ErrorCode[])
  .filter((e) => e.category !== ErrorCategory.Unavailable)
  .map((e) => e.code);
