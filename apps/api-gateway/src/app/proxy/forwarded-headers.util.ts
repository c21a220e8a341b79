import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus legacy ones. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
]);

/** Set by the gateway from what it knows, never passed on from the client unchecked. */
const FORWARDING_HEADERS = new Set([
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-real-ip',
]);

/** The gateway owns these on its responses: CORS and the security policy. */
const GATEWAY_OWNED_RESPONSE_HEADERS = [/^access-control-/, /^x-powered-by$/];

/** The edge's security policy wins over an upstream's. */
const SECURITY_HEADERS = new Set([
  'content-security-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
]);

function connectionListed(headers: IncomingHttpHeaders): Set<string> {
  const listed = new Set<string>();
  const value = headers['connection'];
  for (const token of (Array.isArray(value) ? value.join(',') : (value ?? '')).split(',')) {
    const name = token.trim().toLowerCase();
    if (name) listed.add(name);
  }
  return listed;
}

// A client may name headers in `Connection` to make them hop-by-hop, but never these: dropping
// Content-Length would leave the body without framing upstream (request smuggling), and the
// others carry the request's meaning and credentials.
const END_TO_END_ONLY = new Set([
  'content-length',
  'content-type',
  'content-encoding',
  'host',
  'authorization',
  'cookie',
]);

function isHopByHop(name: string, listed: Set<string>): boolean {
  return HOP_BY_HOP.has(name) || (listed.has(name) && !END_TO_END_ONLY.has(name));
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function listValues(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value.join(',') : value)
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** What the gateway knows about the connection a request came in on. */
export interface ClientConnection {
  /** The peer's address (the client, or the last proxy in front of the gateway). */
  readonly remoteAddress: string;
  readonly encrypted: boolean;
  /** How many proxies in front of the gateway are trusted to have set X-Forwarded-*. */
  readonly trustedHops: number;
}

/** The connection a request came in on, with the configured trust in proxies in front. */
export function clientConnection(req: IncomingMessage, trustedHops: number): ClientConnection {
  return {
    remoteAddress: req.socket.remoteAddress ?? 'unknown',
    encrypted: (req.socket as Partial<TLSSocket>).encrypted === true,
    trustedHops,
  };
}

/**
 * The client's address: the peer itself, or the entry `trustedHops` from the right of
 * X-Forwarded-For when trusted proxies stand in front of the gateway.
 */
export function clientAddress(headers: IncomingHttpHeaders, connection: ClientConnection): string {
  if (connection.trustedHops === 0) return connection.remoteAddress;
  const chain = [...listValues(headers['x-forwarded-for']), connection.remoteAddress];
  return chain[Math.max(0, chain.length - 1 - connection.trustedHops)];
}

/**
 * Headers for the request to the upstream: the client's end-to-end headers unchanged
 * (credentials, cookies, content type and length), without hop-by-hop headers, with the
 * gateway's X-Forwarded-* and the request context (correlation id, trace) of this request.
 *
 * The body keeps its framing: a Content-Length is passed on as is; a body without one is sent
 * chunked (Node frames it again on the upstream connection).
 */
export function upstreamRequestHeaders(
  headers: IncomingHttpHeaders,
  connection: ClientConnection,
  upstreamHost: string,
  context: Record<string, string>,
): OutgoingHttpHeaders {
  const listed = connectionListed(headers);
  const outgoing: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || isHopByHop(name, listed) || FORWARDING_HEADERS.has(name)) continue;
    // The gateway already answered `100 Continue` to the client (Node does it for us).
    if (name === 'expect' || name === 'host') continue;
    outgoing[name] = value;
  }
  // Framing is decided on what goes out: a body that leaves without a Content-Length is chunked.
  const hasBody = headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined;
  if (outgoing['content-length'] === undefined && hasBody) outgoing['transfer-encoding'] = 'chunked';

  const trusted = connection.trustedHops > 0;
  // Only the client address the gateway resolved itself: entries the client wrote into
  // X-Forwarded-For must not reach services that would believe them (login throttling by IP).
  outgoing['x-forwarded-for'] = clientAddress(headers, connection);
  const proto = trusted ? listValues(firstValue(headers['x-forwarded-proto']))[0] : undefined;
  outgoing['x-forwarded-proto'] = proto ?? (connection.encrypted ? 'https' : 'http');
  const forwardedHost = trusted ? listValues(firstValue(headers['x-forwarded-host']))[0] : undefined;
  const originalHost = forwardedHost ?? headers.host;
  if (originalHost) outgoing['x-forwarded-host'] = originalHost;
  outgoing['host'] = upstreamHost;
  for (const [name, value] of Object.entries(context)) outgoing[name] = value;
  return outgoing;
}

/**
 * The upstream's response headers for the client: without hop-by-hop headers (Node frames the
 * body again) and without the headers the gateway owns (CORS, its security policy when already
 * set). Everything else, Set-Cookie included, passes unchanged.
 */
export function clientResponseHeaders(
  headers: IncomingHttpHeaders,
  alreadySet: (name: string) => boolean,
): Record<string, string | string[]> {
  const listed = connectionListed(headers);
  const outgoing: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || isHopByHop(name, listed)) continue;
    if (GATEWAY_OWNED_RESPONSE_HEADERS.some((pattern) => pattern.test(name))) continue;
    if (SECURITY_HEADERS.has(name) && alreadySet(name)) continue;
    outgoing[name] = value;
  }
  return outgoing;
}
