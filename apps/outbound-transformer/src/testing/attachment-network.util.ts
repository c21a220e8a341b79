import {
  createDirectConnector,
  isLoopbackAddress,
  type ConnectTarget,
  type HostResolver,
  type SafeConnector,
} from '@switchboard/backend-util-safe-fetch';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { isIP, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a test server answers on one path. */
export interface ServedFile {
  readonly body: Buffer;
  readonly contentType?: string;
  /** Answer with a redirect instead. */
  readonly redirectTo?: string;
  /** Answer 503 to this many requests first. */
  readonly unavailableTimes?: number;
}

export interface ReceivedRequest {
  readonly server: 'http' | 'https';
  readonly host: string;
  readonly path: string;
}

/** The public-looking name of the HTTPS attachment host, and the (public) address the fake DNS gives it. */
export const ATTACHMENT_HOST = 'files.agent-cdn.example';
export const ATTACHMENT_HOST_ADDRESS = '93.184.216.34';

/**
 * A pretend Internet for attachment downloads, with no traffic off loopback:
 * - a plain HTTP server on 127.0.0.1 (reached with MEDIA_ALLOW_HTTP_LOOPBACK);
 * - an HTTPS server on 127.0.0.1 with a self-signed certificate for ATTACHMENT_HOST, which the
 *   fake DNS resolves to a public address: the connector takes connections for that address to
 *   the local server, TLS still verifying the certificate for the host name;
 * - a fake DNS (`addDns`) and a connector that records every connection it is asked for and
 *   refuses any other non-loopback address without opening a socket.
 */
export class AttachmentNetwork {
  readonly connections: ConnectTarget[] = [];
  readonly lookups: string[] = [];
  readonly requests: ReceivedRequest[] = [];
  private readonly files = new Map<string, ServedFile>();
  private readonly dns = new Map<string, readonly string[]>([[ATTACHMENT_HOST, [ATTACHMENT_HOST_ADDRESS]]]);
  private readonly loopbackConnector: SafeConnector;
  private readonly tlsConnector: SafeConnector;

  private constructor(
    private readonly http: Server,
    private readonly https: Server,
    certificate: string,
  ) {
    this.loopbackConnector = createDirectConnector({ connectTimeoutMs: 2_000 });
    this.tlsConnector = createDirectConnector({ connectTimeoutMs: 2_000, trustedCa: certificate });
  }

  static async start(): Promise<AttachmentNetwork> {
    const { key, cert } = selfSignedCertificate(ATTACHMENT_HOST);
    const http = createServer();
    const https = createHttpsServer({ key, cert });
    const network = new AttachmentNetwork(http, https, cert);
    http.on('request', (request, response) => network.answer('http', request, response));
    https.on('request', (request, response) => network.answer('https', request, response));
    await Promise.all([listen(http), listen(https)]);
    return network;
  }

  /** `http://127.0.0.1:<port><path>` */
  httpUrl(path: string): string {
    return `http://127.0.0.1:${port(this.http)}${path}`;
  }

  /** `https://files.agent-cdn.example<path>` (served by the local HTTPS server). */
  httpsUrl(path: string): string {
    return `https://${ATTACHMENT_HOST}${path}`;
  }

  /** What both servers answer on `path`. */
  addFile(path: string, file: ServedFile): void {
    this.files.set(path, file);
  }

  private answer(server: 'http' | 'https', request: IncomingMessage, response: ServerResponse): void {
    const path = request.url ?? '/';
    this.requests.push({ server, host: request.headers.host ?? '', path });
    const file = this.files.get(path);
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    if ((file.unavailableTimes ?? 0) > 0) {
      this.files.set(path, { ...file, unavailableTimes: (file.unavailableTimes ?? 0) - 1 });
      response.writeHead(503).end();
      return;
    }
    if (file.redirectTo !== undefined) {
      response.writeHead(302, { location: file.redirectTo }).end();
      return;
    }
    response.writeHead(200, {
      'content-length': String(file.body.length),
      ...(file.contentType !== undefined && { 'content-type': file.contentType }),
    });
    response.end(file.body);
  }

  /** What the fake DNS answers for a name. */
  addDns(hostname: string, addresses: readonly string[]): void {
    this.dns.set(hostname, addresses);
  }

  /** Requests the servers received for a path. */
  requestsFor(path: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  readonly resolver: HostResolver = async (hostname) => {
    this.lookups.push(hostname);
    const addresses = this.dns.get(hostname);
    if (!addresses) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    }
    return addresses.map((address) => ({ address, family: isIP(address) }));
  };

  readonly connector: SafeConnector = async (target) => {
    this.connections.push(target);
    if (isLoopbackAddress(target.address)) {
      return this.loopbackConnector(target);
    }
    if (target.address === ATTACHMENT_HOST_ADDRESS && target.protocol === 'https:') {
      return this.tlsConnector({ ...target, address: '127.0.0.1', port: port(this.https) });
    }
    throw Object.assign(new Error(`fake network: no route to ${target.address} (nothing was dialled)`), {
      code: 'EHOSTUNREACH',
    });
  };

  async stop(): Promise<void> {
    for (const server of [this.http, this.https]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}

function port(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/** A self-signed certificate for one DNS name, valid one day, made with the openssl CLI. */
function selfSignedCertificate(dnsName: string): { key: string; cert: string } {
  const directory = mkdtempSync(join(tmpdir(), 'outbound-transformer-cert-'));
  try {
    const keyPath = join(directory, 'key.pem');
    const certPath = join(directory, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${dnsName}`,
        '-addext',
        `subjectAltName=DNS:${dnsName}`,
        '-keyout',
        keyPath,
        '-out',
        certPath,
      ],
      { stdio: 'pipe' },
    );
    return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
