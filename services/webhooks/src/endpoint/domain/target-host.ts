import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { FieldError } from '@looma-hub/platform';
import { isPrivateAddress } from '../../delivery/domain/target-address';

/** Every address a host name resolves to (an empty list when it does not resolve). */
export type ResolveHost = (host: string) => Promise<string[]>;

const REFUSED = 'must be a public address: loopback, private and link-local targets are allowed only for tenants in development mode';

/**
 * Refuses endpoint URLs aimed at loopback, private or link-local networks (SSRF): IP literals, `localhost` (always
 * loopback, RFC 6761) and names any of whose addresses is such. A name that does not resolve now is accepted: the
 * dispatcher checks the address it connects to on every send, so a later DNS change gains nothing either.
 */
export async function privateTargetErrors(url: string, resolve: ResolveHost, field = 'url'): Promise<FieldError[]> {
  let host: string;
  try {
    host = new URL(url).hostname
      .replace(/^\[|\]$/g, '')
      .replace(/\.$/, '')
      .toLowerCase();
  } catch {
    return [{ field, message: 'must be a URL' }];
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return [{ field, message: REFUSED }];
  const addresses = isIP(host) ? [host] : await resolve(host);
  return addresses.some((a) => isPrivateAddress(a)) ? [{ field, message: REFUSED }] : [];
}

/** A registration waits this long for DNS at most; past it the name is taken as unresolved (checked again at send). */
const LOOKUP_TIMEOUT_MS = 3_000;

/** The system resolver (hosts file, then DNS), every address of the name; [] when it does not resolve in time. */
export const resolveHost: ResolveHost = async (host) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string[]>((resolve) => {
    timer = setTimeout(() => resolve([]), LOOKUP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      lookup(host, { all: true, verbatim: true }).then(
        (list) => list.map((a) => a.address),
        () => [],
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
};
