import { DomainError, type ErrorCode } from '@looma-hub/domain';
import { InfraErrors } from './codes';

interface ErrorLike {
  name?: string;
  code?: string | number;
  message?: string;
  driverError?: { code?: string; message?: string };
  cause?: unknown;
  details?: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const PG_OUTAGE_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|the database system is (starting|shutting) up|Connection is not established|Cannot use a pool after calling end/i;
/** gRPC UNAVAILABLE (14) and DEADLINE_EXCEEDED (4): the Temporal frontend is down or did not answer in time. */
const GRPC_OUTAGE = new Set([14, 4]);

/**
 * Which dependency an error says is down, or undefined when it is not an outage. A database that refuses
 * connections or restarts, a broker that cannot be reached, a Temporal frontend that does not answer: waiting fixes
 * them, so they are a 503 with Retry-After at the edge and a retryable failure in an activity — never a 500, never a
 * business outcome.
 */
export function infrastructureOutage(err: unknown, depth = 0): ErrorCode | undefined {
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  const e = err as ErrorLike;
  const name = e.name ?? '';
  if (name.startsWith('KafkaJS')) {
    return /Connection|Broker|Timeout|NumberOfRetriesExceeded/.test(name) ? InfraErrors.KafkaUnavailable : undefined;
  }
  if (
    name === 'TransportError' ||
    name === 'ConnectionError' ||
    (typeof e.code === 'number' && GRPC_OUTAGE.has(e.code) && 'details' in e)
  ) {
    return InfraErrors.TemporalUnavailable;
  }
  if (name === 'ServiceError' && e.cause) return infrastructureOutage(e.cause, depth + 1) ?? InfraErrors.TemporalUnavailable;
  const sqlState = e.driverError?.code ?? (typeof e.code === 'string' ? e.code : '');
  // SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57P (admin shutdown / crash).
  if (/^(08|53|57P)/.test(sqlState)) return InfraErrors.DatabaseUnavailable;
  // A refused or dropped connection thrown as such is the database's (pg throws them raw); found deeper in a cause
  // chain it may be any client's, so only the driver's own codes count there.
  if (depth === 0 && NETWORK_CODES.has(sqlState)) return InfraErrors.DatabaseUnavailable;
  if (PG_OUTAGE_MESSAGE.test(e.message ?? '') || PG_OUTAGE_MESSAGE.test(e.driverError?.message ?? ''))
    return InfraErrors.DatabaseUnavailable;
  if (e.cause) return infrastructureOutage(e.cause, depth + 1);
  return undefined;
}

/**
 * An error that waiting fixes: an outage (or a DomainError of category `unavailable`), or a serialization failure / deadlock (40001, 40P01) that a retry of the
 * same transaction resolves. Consumers retry these for as long as it takes instead of dead-lettering them.
 */
export function isTransientError(err: unknown): boolean {
  if (err instanceof DomainError) return err.category === 'unavailable';
  if (infrastructureOutage(err)) return true;
  const e = err as ErrorLike | undefined;
  const code = e?.driverError?.code ?? e?.code;
  return code === '40001' || code === '40P01';
}
