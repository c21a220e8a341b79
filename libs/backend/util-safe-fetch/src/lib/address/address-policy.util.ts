import { BlockList, isIP } from 'node:net';
import { ipv4FromBytes, ipv6Bytes } from './ipv6.util';

export type AddressVerdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** Which range refused it, for logs: "loopback (127.0.0.0/8)". */
      readonly range: string;
    };

type Family = 'ipv4' | 'ipv6';

interface NamedRange {
  readonly label: string;
  readonly list: BlockList;
}

function range(label: string, family: Family, network: string, prefix: number): NamedRange {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { label: `${label} (${network}/${prefix})`, list };
}

// First match names the refusal, so the narrow entries (metadata, broadcast) come first.
const IPV4_REFUSED: readonly NamedRange[] = [
  range('cloud metadata', 'ipv4', '169.254.169.254', 32),
  range('cloud metadata (Alibaba)', 'ipv4', '100.100.100.200', 32),
  range('cloud platform endpoint (Azure WireServer)', 'ipv4', '168.63.129.16', 32),
  range('broadcast', 'ipv4', '255.255.255.255', 32),
  range('unspecified / this network', 'ipv4', '0.0.0.0', 8),
  range('private', 'ipv4', '10.0.0.0', 8),
  range('carrier-grade NAT', 'ipv4', '100.64.0.0', 10),
  range('loopback', 'ipv4', '127.0.0.0', 8),
  range('link-local', 'ipv4', '169.254.0.0', 16),
  range('private', 'ipv4', '172.16.0.0', 12),
  range('IETF protocol assignments', 'ipv4', '192.0.0.0', 24),
  range('documentation', 'ipv4', '192.0.2.0', 24),
  range('6to4 relay anycast', 'ipv4', '192.88.99.0', 24),
  range('private', 'ipv4', '192.168.0.0', 16),
  range('benchmarking', 'ipv4', '198.18.0.0', 15),
  range('documentation', 'ipv4', '198.51.100.0', 24),
  range('documentation', 'ipv4', '203.0.113.0', 24),
  range('multicast', 'ipv4', '224.0.0.0', 4),
  range('reserved', 'ipv4', '240.0.0.0', 4),
];

// Checked after the prefixes that embed an IPv4 address (mapped, NAT64, 6to4) were unwrapped.
const IPV6_REFUSED: readonly NamedRange[] = [
  range('cloud metadata (AWS)', 'ipv6', 'fd00:ec2::254', 128),
  range('unspecified', 'ipv6', '::', 128),
  range('loopback', 'ipv6', '::1', 128),
  range('IPv4-translated', 'ipv6', '::ffff:0:0:0', 96),
  range('IPv4-compatible (deprecated)', 'ipv6', '::', 96),
  range('local-use NAT64', 'ipv6', '64:ff9b:1::', 48),
  range('discard-only', 'ipv6', '100::', 64),
  range('Teredo', 'ipv6', '2001::', 32),
  range('documentation', 'ipv6', '2001:db8::', 32),
  range('IETF protocol assignments', 'ipv6', '2001::', 23),
  range('documentation', 'ipv6', '3fff::', 20),
  range('segment routing (SRv6)', 'ipv6', '5f00::', 16),
  range('unique-local', 'ipv6', 'fc00::', 7),
  range('link-local', 'ipv6', 'fe80::', 10),
  range('site-local (deprecated)', 'ipv6', 'fec0::', 10),
  range('multicast', 'ipv6', 'ff00::', 8),
];

// Everything routable on the IPv6 Internet is in 2000::/3; the rest is refused by default.
const IPV6_GLOBAL_UNICAST = range('global unicast', 'ipv6', '2000::', 3).list;

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const ALLOWED: AddressVerdict = { allowed: true };
const refused = (range: string): AddressVerdict => ({ allowed: false, range });

/**
 * Decides whether an IP address may be connected to when fetching a URL that someone else gave
 * us: only public unicast addresses may. IPv6 addresses that carry an IPv4 address (IPv4-mapped,
 * NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4 address they lead to.
 */
export function classifyAddress(address: string): AddressVerdict {
  if (address.includes('%')) return refused('scoped address with a zone id');
  switch (isIP(address)) {
    case 4:
      return classifyIPv4(address);
    case 6:
      return classifyIPv6(address);
    default:
      return refused('not an IP address');
  }
}

/** 127.0.0.0/8 or ::1 (not their IPv4-mapped forms). */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0 || address.includes('%')) return false;
  if (family === 6 && isIPv4Mapped(address)) return false;
  return LOOPBACK.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function classifyIPv4(address: string): AddressVerdict {
  const match = IPV4_REFUSED.find(({ list }) => list.check(address, 'ipv4'));
  return match ? refused(match.label) : ALLOWED;
}

function classifyIPv6(address: string): AddressVerdict {
  const bytes = ipv6Bytes(address);
  if (!bytes) return refused('not an IP address');
  const embedded = embeddedIPv4(bytes);
  if (embedded) {
    const verdict = classifyIPv4(embedded.address);
    return verdict.allowed ? verdict : refused(`${embedded.kind} ${embedded.address}: ${verdict.range}`);
  }
  const match = IPV6_REFUSED.find(({ list }) => list.check(address, 'ipv6'));
  if (match) return refused(match.label);
  return IPV6_GLOBAL_UNICAST.check(address, 'ipv6')
    ? ALLOWED
    : refused('not global unicast (outside 2000::/3)');
}

interface EmbeddedIPv4 {
  readonly kind: string;
  readonly address: string;
}

function embeddedIPv4(bytes: Uint8Array): EmbeddedIPv4 | undefined {
  const startsWith = (prefix: readonly number[]) => prefix.every((byte, index) => bytes[index] === byte);
  // ::ffff:a.b.c.d
  if (startsWith([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff])) {
    return { kind: 'IPv4-mapped', address: ipv4FromBytes(bytes, 12) };
  }
  // 64:ff9b::a.b.c.d
  if (startsWith([0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])) {
    return { kind: 'NAT64', address: ipv4FromBytes(bytes, 12) };
  }
  // 2002:AABB:CCDD::/48 carries a.b.c.d in bits 16-47.
  if (startsWith([0x20, 0x02])) return { kind: '6to4', address: ipv4FromBytes(bytes, 2) };
  return undefined;
}

function isIPv4Mapped(address: string): boolean {
  const bytes = ipv6Bytes(address);
  return bytes !== undefined && embeddedIPv4(bytes)?.kind === 'IPv4-mapped';
}
