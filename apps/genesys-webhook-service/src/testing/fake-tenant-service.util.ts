import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const WEBHOOK_SECRET_PATH = /^\/internal\/integrations\/([^/?]+)\/webhook-secret$/;

export interface WebhookSecretRecord {
  readonly tenantId: string;
  readonly secret: string;
}

export interface SecretLookup {
  readonly integrationId: string;
  readonly headers: IncomingHttpHeaders;
}

/**
 * Stands in for tenant-service's `GET /internal/integrations/:integrationId/webhook-secret` and
 * for auth-service's `POST /internal/service-tokens` (one loopback server for both base URLs).
 * Lookups need the issued service token; `down` makes them answer 503.
 */
export class FakeTenantService {
  readonly integrations = new Map<string, WebhookSecretRecord>();
  readonly lookups: SecretLookup[] = [];
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
        const match = request.method === 'GET' ? WEBHOOK_SECRET_PATH.exec(url) : null;
        if (!match) {
          response.writeHead(404).end();
          return;
        }
        const integrationId = decodeURIComponent(match[1] ?? '');
        fake.lookups.push({ integrationId, headers: request.headers });
        if (request.headers.authorization !== `Bearer ${serviceToken}`) {
          response.writeHead(401).end();
          return;
        }
        if (fake.down) {
          response.writeHead(503).end();
          return;
        }
        const found = fake.integrations.get(integrationId);
        response.writeHead(found ? 200 : 404, {
          'content-type': 'application/json',
          'cache-control': 'no-store',
        });
        response.end(JSON.stringify(found ?? { statusCode: 404, message: 'integration not found' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Lookups of one integration so far. */
  lookupsOf(integrationId: string): number {
    return this.lookups.filter((lookup) => lookup.integrationId === integrationId).length;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
