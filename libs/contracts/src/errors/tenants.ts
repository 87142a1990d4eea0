import { defineErrorCodes } from '@looma-hub/domain';

export const TenantErrors = defineErrorCodes({
  Exists: { code: 'tenant.exists', category: 'conflict', title: 'Tenant exists' },
  NotFound: { code: 'tenant.not-found', category: 'not_found', title: 'Tenant not found' },
  /** Being deleted (or rolled back after a failed creation): its id is free again once every service let go. */
  Deleting: { code: 'tenant.deleting', category: 'conflict', title: 'Tenant being deleted' },
  /** A service the tenant's settings go to did not answer: nothing was kept, the same request may be retried. */
  ProvisioningFailed: { code: 'tenant.provisioning-failed', category: 'unavailable', title: 'Tenant could not be created' },
  ApiKeyNotFound: { code: 'api-key.not-found', category: 'not_found', title: 'API key not found' },
});

export const IdempotencyErrors = defineErrorCodes({
  InvalidKey: { code: 'idempotency.invalid-key', category: 'invalid', title: 'Invalid Idempotency-Key' },
  KeyReused: { code: 'idempotency.key-reused', category: 'rejected', title: 'Idempotency-Key reused with another request' },
  InProgress: { code: 'idempotency.in-progress', category: 'conflict', title: 'Request with this Idempotency-Key in progress' },
});
