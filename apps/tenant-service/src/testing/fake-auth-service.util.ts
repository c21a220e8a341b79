import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AuthServiceCall {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const SESSION_REVOCATION = /^\/internal\/tenants\/[^/]+\/sessions\/revoke$/;

/**
 * Stands in for auth-service: issues a service token at `POST /internal/service-tokens`,
 * answers 204 to every token-cache invalidation and 200 to every revocation of a tenant's
 * sessions (or {@link revocationStatus}), recording each call.
 */
export class FakeAuthService {
  readonly calls: AuthServiceCall[] = [];
  /** What `POST /internal/tenants/:tenantId/sessions/revoke` answers (set 503 to make it fail). */
  revocationStatus = 200;
  /** Calls before this index are ignored by the queries below (see {@link mark}). */
  private since = 0;

  private constructor(
    private readonly server: Server,
    readonly serviceToken: string,
  ) {}

  static async start(serviceToken = 'fake-service-token'): Promise<FakeAuthService> {
    const server = createServer();
    const fake = new FakeAuthService(server, serviceToken);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const call = {
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString(),
        };
        fake.calls.push(call);
        if (call.method === 'POST' && call.path === '/internal/service-tokens') {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ access_token: serviceToken, token_type: 'bearer', expires_in: 300 }));
          return;
        }
        if (call.method === 'POST' && SESSION_REVOCATION.test(call.path)) {
          response.writeHead(fake.revocationStatus, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ revokedSessions: 0 }));
          return;
        }
        response.writeHead(call.method === 'DELETE' ? 204 : 404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Starts a new observation: later queries only see the calls from now on. */
  mark(): void {
    this.since = this.calls.length;
  }

  recent(): AuthServiceCall[] {
    return this.calls.slice(this.since);
  }

  /** The invalidations received since the mark (`DELETE` paths). */
  invalidations(): string[] {
    return this.recent()
      .filter((call) => call.method === 'DELETE')
      .map((call) => call.path);
  }

  async waitForInvalidations(count: number, timeoutMs = 3000): Promise<string[]> {
    return this.waitFor(() => this.invalidations(), count, timeoutMs);
  }

  /** The session revocations received since the mark (the calls, with their bodies). */
  sessionRevocations(): AuthServiceCall[] {
    return this.recent().filter((call) => call.method === 'POST' && SESSION_REVOCATION.test(call.path));
  }

  async waitForSessionRevocations(count: number, timeoutMs = 3000): Promise<AuthServiceCall[]> {
    return this.waitFor(() => this.sessionRevocations(), count, timeoutMs);
  }

  private async waitFor<T>(read: () => T[], count: number, timeoutMs: number): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    while (read().length < count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return read();
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
