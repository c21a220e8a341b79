import type { TenantLookup } from '@switchboard/shared-contracts';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const LOOKUP_PATH = /^\/internal\/lookup\/phone-number\/([^/?]+)$/;

export interface LookupCall {
  readonly phoneNumberId: string;
  readonly headers: IncomingHttpHeaders;
}

/**
 * Stands in for tenant-service's `GET /internal/lookup/phone-number/:id` and for auth-service's
 * `POST /internal/service-tokens` (one loopback server for both base URLs). Lookups need the
 * issued service token; `down` makes them answer 503.
 */
export class FakeTenantService {
  readonly numbers = new Map<string, TenantLookup>();
  readonly lookups: LookupCall[] = [];
  down = false;

  private constructor(
    private readonly server: Server,
    readonly serviceToken: string,
  ) {}

  static async start(serviceToken = 'fake-service-token'): Promise<FakeTenantService> {
    const server = createServer();
    const fake = new FakeTenantService(server, serviceToken);
    server.on('request', (request, response) => {
      request.resume();
      request.on('end', () => {
        const url = request.url ?? '';
        if (request.method === 'POST' && url === '/internal/service-tokens') {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ access_token: serviceToken, token_type: 'bearer', expires_in: 300 }));
          return;
        }
        const match = request.method === 'GET' ? LOOKUP_PATH.exec(url) : null;
        if (!match) {
          response.writeHead(404).end();
          return;
        }
        const phoneNumberId = decodeURIComponent(match[1] ?? '');
        fake.lookups.push({ phoneNumberId, headers: request.headers });
        if (request.headers.authorization !== `Bearer ${serviceToken}`) {
          response.writeHead(401).end();
          return;
        }
        if (fake.down) {
          response.writeHead(503).end();
          return;
        }
        const found = fake.numbers.get(phoneNumberId);
        response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
        response.end(
          found ? JSON.stringify(found) : JSON.stringify({ statusCode: 404, message: 'unknown number' }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
