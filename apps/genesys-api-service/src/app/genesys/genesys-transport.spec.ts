import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../../testing/genesys-simulator-process.util';
import { UndiciGenesysTransport } from './genesys-transport';
import { GenesysUnavailableError } from './genesys.errors';

describe(UndiciGenesysTransport.name, () => {
  let server: http.Server;
  let baseUrl: string;
  let received: { method?: string; headers: http.IncomingHttpHeaders; body: string }[];
  let sut: UndiciGenesysTransport;

  beforeAll(async () => {
    received = [];
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ method: request.method, headers: request.headers, body });
        if (request.url === '/slow') return; // never answers
        response
          .writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' })
          .end('{"code":"too.many.requests.retry.after"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sut = new UndiciGenesysTransport({ timeoutMs: 300, maxConnections: 4 });
  });

  afterAll(async () => {
    await sut.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('posts JSON with the bearer token and resolves with any answer, headers and body included', async () => {
    const answer = await sut.post({ url: `${baseUrl}/api`, accessToken: 'token-1', body: { text: 'Hi' } });

    expect(answer).toMatchObject({
      status: 429,
      headers: expect.objectContaining({ 'retry-after': '3' }),
      body: '{"code":"too.many.requests.retry.after"}',
    });
    expect(received.at(-1)).toMatchObject({
      method: 'POST',
      headers: expect.objectContaining({
        authorization: 'Bearer token-1',
        'content-type': 'application/json',
      }),
      body: '{"text":"Hi"}',
    });
  });

  it('gives up on an answer that does not come within the timeout', async () => {
    const error = await sut
      .post({ url: `${baseUrl}/slow`, accessToken: 'token-1', body: {} })
      .catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(GenesysUnavailableError);
    expect(error).toMatchObject({
      unavailability: 'timeout',
      message: 'Genesys did not answer within 300 ms',
    });
  });

  it('reports an unreachable host as a network error', async () => {
    const closedPort = await freePort();

    const error = await sut
      .post({ url: `http://127.0.0.1:${closedPort}/api`, accessToken: 'token-1', body: {} })
      .catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(GenesysUnavailableError);
    expect(error).toMatchObject({
      unavailability: 'network_error',
      message: expect.stringMatching(/ECONNREFUSED/),
    });
  });
});
