import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An in-test HTTP fake on 127.0.0.1:0. */
export interface LoopbackServer {
  readonly baseUrl: string;
  close(): Promise<void>;
}

export type LoopbackHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  body: string,
) => void | Promise<void>;

/** Serves `handle` with each request's whole body; a handler that throws answers 502 with its message. */
export async function startLoopbackServer(handle: LoopbackHandler): Promise<LoopbackServer> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      Promise.resolve()
        .then(() => handle(request, response, Buffer.concat(chunks).toString('utf8')))
        .catch((error: Error) => sendJson(response, 502, { message: error.message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with a JSON body, or with none when `body` is undefined. */
export function sendJson(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * auth-service's `/internal/service-tokens` for one client, and the check every other internal
 * route makes: a bearer token it issued. Counts the calls it refused.
 */
export class FakeServiceTokenIssuer {
  private readonly issued = new Set<string>();
  private refused = 0;

  constructor(
    private readonly serviceName: string,
    private readonly serviceSecret: string,
  ) {}

  /** Answers the request when it is a service-token request; false otherwise. */
  handledTokenRequest(request: IncomingMessage, response: ServerResponse): boolean {
    if (request.method !== 'POST' || request.url !== '/internal/service-tokens') return false;
    const expected = `Basic ${Buffer.from(`${this.serviceName}:${this.serviceSecret}`).toString('base64')}`;
    if (request.headers.authorization !== expected) {
      this.refused += 1;
      sendJson(response, 401, { message: 'invalid client credentials' });
      return true;
    }
    const token = `svc-${randomBytes(16).toString('hex')}`;
    this.issued.add(token);
    sendJson(response, 200, { access_token: token, token_type: 'bearer', expires_in: 300 });
    return true;
  }

  /** True when the request carries a token this issuer handed out; answers 401 otherwise. */
  authorized(request: IncomingMessage, response: ServerResponse): boolean {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer && this.issued.has(bearer)) return true;
    this.refused += 1;
    sendJson(response, 401, { message: 'service token required' });
    return false;
  }

  refusedCalls(): number {
    return this.refused;
  }
}

/** For fakes that fail on demand: true (and one fewer left) when a key of `failures` found in `path` has some left. */
export function takeInjectedFailure(failures: Map<string, number>, path: string): boolean {
  const failure = [...failures.entries()].find(([key, count]) => count > 0 && path.includes(key));
  if (!failure) return false;
  failures.set(failure[0], failure[1] - 1);
  return true;
}
