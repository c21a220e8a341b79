import { createServer, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One lookup the fake received, its key named as the service under test names it. */
export type InternalLookupCall<TKeyName extends string> = { readonly [name in TKeyName]: string } & {
  readonly headers: IncomingHttpHeaders;
};

/** The one `GET` lookup route a fake internal service answers. */
export interface InternalLookupRoute<TKeyName extends string> {
  /** Matches the request URL; its first capture group is the (URL-encoded) key. */
  readonly path: RegExp;
  readonly keyName: TKeyName;
  /** `message` of the 404 body for an unknown key. */
  readonly notFoundMessage: string;
  /** Headers besides `content-type` on every lookup answer. */
  readonly headers?: OutgoingHttpHeaders;
}

/**
 * Stands in for one internal lookup route (e.g. of tenant-service) and for auth-service's
 * `POST /internal/service-tokens`, on one loopback server for both base URLs. Lookups need the
 * issued service token; `down` makes them answer 503. Subclass it to name `records` after the app.
 */
export class FakeInternalService<TRecord, TKeyName extends string> {
  readonly records = new Map<string, TRecord>();
  readonly lookups: InternalLookupCall<TKeyName>[] = [];
  down = false;
  private readonly server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const url = request.url ?? '';
      if (request.method === 'POST' && url === '/internal/service-tokens') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ access_token: this.serviceToken, token_type: 'bearer', expires_in: 300 }),
        );
        return;
      }
      const match = request.method === 'GET' ? this.route.path.exec(url) : null;
      if (!match) {
        response.writeHead(404).end();
        return;
      }
      const key = decodeURIComponent(match[1] ?? '');
      this.lookups.push({
        [this.route.keyName]: key,
        headers: request.headers,
      } as InternalLookupCall<TKeyName>);
      if (request.headers.authorization !== `Bearer ${this.serviceToken}`) {
        response.writeHead(401).end();
        return;
      }
      if (this.down) {
        response.writeHead(503).end();
        return;
      }
      const found = this.records.get(key);
      response.writeHead(found ? 200 : 404, { 'content-type': 'application/json', ...this.route.headers });
      response.end(JSON.stringify(found ?? { statusCode: 404, message: this.route.notFoundMessage }));
    });
  });

  constructor(
    private readonly route: InternalLookupRoute<TKeyName>,
    readonly serviceToken = 'fake-service-token',
  ) {}

  /** Starts listening on a free loopback port. */
  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Lookups of one key so far. */
  lookupsOf(key: string): number {
    return this.lookups.filter((lookup) => lookup[this.route.keyName] === key).length;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
