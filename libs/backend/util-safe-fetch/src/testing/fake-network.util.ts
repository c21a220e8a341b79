import { once } from 'node:events';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect, isIP, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ConnectTarget, HostResolver, SafeConnector } from '../lib/network/connector';

export type FakeSiteHandler = (request: IncomingMessage, response: ServerResponse) => void;

export interface ReceivedRequest {
  readonly host: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

/**
 * A pretend Internet for tests: a fake DNS and a connector that records every connection it is
 * asked for and never dials the address it was given. Connections to the addresses of the fake
 * public sites are served by one local HTTP server on 127.0.0.1 (dispatching on the Host
 * header); any other address is refused without opening a socket. No traffic leaves loopback.
 */
export class FakeNetwork {
  /** Every connection the fetcher asked for, in order. */
  readonly connections: ConnectTarget[] = [];
  /** Every name the fetcher looked up, in order. */
  readonly lookups: string[] = [];
  /** Every request the fake sites received. */
  readonly requests: ReceivedRequest[] = [];
  private readonly dns = new Map<string, readonly string[]>();
  private readonly sites = new Map<string, FakeSiteHandler>();
  private readonly routable = new Set<string>();

  private constructor(
    private readonly server: Server,
    private readonly port: number,
  ) {}

  static async start(): Promise<FakeNetwork> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const network = new FakeNetwork(server, (server.address() as AddressInfo).port);
    server.on('request', (request, response) => network.serve(request, response));
    return network;
  }

  /** What the fake DNS answers for a name. */
  addDns(hostname: string, addresses: readonly string[]): void {
    this.dns.set(hostname, addresses);
  }

  /** A public site: `hostname` resolves to `address`, and its requests go to `handler`. */
  addSite(hostname: string, address: string, handler: FakeSiteHandler): void {
    this.addDns(hostname, [address]);
    this.sites.set(hostname, handler);
    this.routable.add(address);
  }

  /** Addresses of every connection asked for. */
  dialledAddresses(): string[] {
    return this.connections.map(({ address }) => address);
  }

  readonly resolver: HostResolver = async (hostname) => {
    this.lookups.push(hostname);
    const addresses = this.dns.get(hostname);
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: isIP(address) }));
  };

  readonly connector: SafeConnector = async (target) => {
    this.connections.push(target);
    if (!this.routable.has(target.address)) {
      throw Object.assign(new Error(`fake network: no route to ${target.address} (nothing was dialled)`), {
        code: 'EHOSTUNREACH',
      });
    }
    const socket: Socket = connect({ host: '127.0.0.1', port: this.port });
    await once(socket, 'connect');
    return socket;
  };

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private serve(request: IncomingMessage, response: ServerResponse): void {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    this.requests.push({ host, path: request.url ?? '', headers: request.headers });
    const handler = this.sites.get(host);
    if (!handler) {
      response.writeHead(421).end();
      return;
    }
    handler(request, response);
  }
}

/** A handler answering with these bytes. */
export function respondWith(body: Buffer, headers: Readonly<Record<string, string>> = {}): FakeSiteHandler {
  return (_request, response) => {
    response.writeHead(200, { 'content-length': String(body.length), ...headers });
    response.end(body);
  };
}

/** A handler redirecting to `location`. */
export function redirectTo(location: string, status = 302): FakeSiteHandler {
  return (_request, response) => {
    response.writeHead(status, { location, 'set-cookie': 'session=secret; Path=/' });
    response.end();
  };
}
