import { isIP } from 'node:net';
import { classifyAddress, isLoopbackAddress } from '../address/address-policy.util';
import { SafeFetchRefusedError } from '../safe-fetch.errors';
import type { HostResolver } from './connector';

/** A URL whose every address was checked: the only addresses a connection may go to. */
export interface CheckedTarget {
  readonly url: URL;
  readonly protocol: 'https:' | 'http:';
  readonly port: number;
  /** For SNI and certificate verification; undefined for an IP literal. */
  readonly servername: string | undefined;
  readonly addresses: readonly string[];
}

export interface TargetPolicy {
  readonly resolver: HostResolver;
  readonly allowHttpLoopback: boolean;
}

// DNS failures that may pass (the others, such as ENOTFOUND, say the name does not exist).
const TRANSIENT_DNS_CODES = new Set(['EAI_AGAIN', 'ETIMEOUT', 'ESERVFAIL', 'ECONNREFUSED']);

/** Parses a URL the way every HTTP client does (WHATWG), which also normalises IPv4 in any notation. */
export function parseUrl(candidate: string | URL, base?: URL): URL {
  try {
    return new URL(candidate, base);
  } catch (error) {
    throw new SafeFetchRefusedError('invalid_url', 'The attachment link is not a valid URL.', {
      detail: `cannot parse ${JSON.stringify(String(candidate).slice(0, 200))}`,
      cause: error,
    });
  }
}

/** Origin and path only: query strings of download links often carry signed tokens. */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * Checks scheme, credentials and every address the host resolves to, from scratch (also for
 * each redirect). https only; `allowHttpLoopback` lets http through to loopback addresses and
 * nowhere else.
 */
export async function checkTarget(url: URL, policy: TargetPolicy): Promise<CheckedTarget> {
  const protocol = checkScheme(url, policy);
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const isLiteral = isIP(hostname) !== 0;
  const addresses = isLiteral ? [hostname] : await resolve(hostname, url, policy.resolver);
  for (const address of addresses) checkAddress(address, protocol, url);
  if (url.username !== '' || url.password !== '') {
    throw new SafeFetchRefusedError(
      'credentials_in_url',
      'The attachment link contains a user name or password.',
      { detail: `credentials in ${describeUrl(url)}` },
    );
  }
  return {
    url,
    protocol,
    port: url.port === '' ? (protocol === 'https:' ? 443 : 80) : Number(url.port),
    servername: isLiteral ? undefined : hostname,
    addresses,
  };
}

/** The last check before a socket is opened: the same rules, on the one address. */
export function assertConnectable(address: string, target: CheckedTarget): void {
  checkAddress(address, target.protocol, target.url);
}

function checkScheme(url: URL, policy: TargetPolicy): 'https:' | 'http:' {
  if (url.protocol === 'https:') return 'https:';
  if (url.protocol === 'http:' && policy.allowHttpLoopback) return 'http:';
  throw new SafeFetchRefusedError('scheme', 'The attachment link does not use HTTPS.', {
    detail: `scheme ${url.protocol} refused in ${url.protocol === 'data:' ? 'a data: URL' : describeUrl(url)}`,
  });
}

function checkAddress(address: string, protocol: 'https:' | 'http:', url: URL): void {
  if (protocol === 'http:') {
    // Only reachable with allowHttpLoopback: plain http never leaves the machine.
    if (isLoopbackAddress(address)) return;
    const verdict = classifyAddress(address);
    if (verdict.allowed) {
      throw new SafeFetchRefusedError('scheme', 'The attachment link does not use HTTPS.', {
        detail: `http is allowed to loopback only; ${url.hostname} is ${address}`,
      });
    }
    throw privateAddress(url, address, verdict.range);
  }
  const verdict = classifyAddress(address);
  if (!verdict.allowed) throw privateAddress(url, address, verdict.range);
}

function privateAddress(url: URL, address: string, range: string): SafeFetchRefusedError {
  const isLiteral = url.hostname === address || url.hostname === `[${address}]`;
  return new SafeFetchRefusedError(
    'private_address',
    'The attachment link points to a private or reserved network address.',
    { detail: `${isLiteral ? address : `${url.hostname} is ${address}`}: ${range}` },
  );
}

async function resolve(hostname: string, url: URL, resolver: HostResolver): Promise<string[]> {
  let resolved: readonly { address: string }[];
  try {
    resolved = await resolver(hostname);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new SafeFetchRefusedError('resolution_failed', 'The attachment host name could not be resolved.', {
      detail: `cannot resolve ${hostname}${typeof code === 'string' ? ` (${code})` : ''}`,
      retryable: typeof code === 'string' && TRANSIENT_DNS_CODES.has(code),
      cause: error,
    });
  }
  const addresses = resolved.map(({ address }) => address);
  if (addresses.length === 0 || addresses.some((address) => isIP(address) === 0)) {
    throw new SafeFetchRefusedError('resolution_failed', 'The attachment host name could not be resolved.', {
      detail: `${describeUrl(url)}: the resolver answered ${JSON.stringify(addresses).slice(0, 200)}`,
    });
  }
  return addresses;
}
