import { lookup } from 'node:dns/promises';
import type { Socket } from 'node:net';
import type { SecureContextOptions } from 'node:tls';
import { buildConnector } from 'undici';

/** Where one connection goes: always an address that was checked, never a name to look up. */
export interface ConnectTarget {
  readonly protocol: 'https:' | 'http:';
  /** The checked IP address. */
  readonly address: string;
  readonly port: number;
  /** The URL's host name, for SNI and certificate verification; undefined for an IP literal. */
  readonly servername: string | undefined;
}

/** Opens a connected socket (TLS already negotiated and verified for https). */
export type SafeConnector = (target: ConnectTarget) => Promise<Socket>;

export interface ResolvedAddress {
  readonly address: string;
  readonly family?: number;
}

/** Looks a host name up; every address it returns is checked before any is used. */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver (what `fetch` would have used), returning every address in resolver order. */
export const systemResolver: HostResolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

export interface DirectConnectorOptions {
  readonly connectTimeoutMs: number;
  /** Replaces Node's trusted CA list: for tests or a private PKI only. */
  readonly trustedCa?: SecureContextOptions['ca'];
}

/**
 * The production connector: undici's own socket factory, pointed at the checked address while
 * TLS keeps the original host name for SNI and for verifying the certificate.
 */
export function createDirectConnector(options: DirectConnectorOptions): SafeConnector {
  const connect = buildConnector({
    timeout: options.connectTimeoutMs,
    ...(options.trustedCa === undefined ? {} : { ca: options.trustedCa }),
  });
  return (target) =>
    new Promise<Socket>((resolve, reject) => {
      connect(
        {
          protocol: target.protocol,
          hostname: target.address,
          host: target.servername ?? target.address,
          port: String(target.port),
          servername: target.servername,
        },
        (error, socket) => (error ? reject(error) : resolve(socket as Socket)),
      );
    });
}
