import { isIP } from 'node:net';
import { systemResolver, type HostResolver } from './connector';

/**
 * NEVER IN PRODUCTION. Parses `name=address[,address…];name=…` into a host table, e.g.
 * `metadata.test=169.254.169.254;mixed.test=93.184.216.34,10.0.0.7`. Throws on a malformed entry.
 */
export function parseStaticHosts(spec: string): ReadonlyMap<string, readonly string[]> {
  const table = new Map<string, readonly string[]>();
  for (const entry of spec
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [name, list, ...rest] = entry.split('=');
    const addresses = (list ?? '')
      .split(',')
      .map((address) => address.trim())
      .filter(Boolean);
    if (!name?.trim() || rest.length > 0 || addresses.length === 0) {
      throw new Error(`"${entry}" is not name=address[,address...]`);
    }
    const invalid = addresses.find((address) => isIP(address) === 0);
    if (invalid !== undefined) throw new Error(`"${invalid}" in "${entry}" is not an IP address`);
    table.set(name.trim().toLowerCase(), addresses);
  }
  return table;
}

/**
 * NEVER IN PRODUCTION. Answers the names of `table` from it (no DNS query is sent for them) and
 * every other name with `fallback`: lets end-to-end tests show that a name which resolves to an
 * inside address is refused, without asking a real DNS server or opening a socket.
 */
export function staticHostsResolver(
  table: ReadonlyMap<string, readonly string[]>,
  fallback: HostResolver = systemResolver,
): HostResolver {
  return async (hostname) => {
    const addresses = table.get(hostname.toLowerCase());
    if (addresses === undefined) return fallback(hostname);
    return addresses.map((address) => ({ address, family: isIP(address) }));
  };
}
