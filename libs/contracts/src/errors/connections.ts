import { defineErrorCodes } from '@looma-hub/domain';

/** A tenant's partner connections (retailer, and the credit, loyalty, B2B and chat-platform settings to come). */
export const ConnectionErrors = defineErrorCodes({
  NotFound: { code: 'connection.not-found', category: 'not_found', title: 'Connection not found' },
  UnknownKind: { code: 'connection.unknown-kind', category: 'not_found', title: 'Unknown kind of connection' },
});
