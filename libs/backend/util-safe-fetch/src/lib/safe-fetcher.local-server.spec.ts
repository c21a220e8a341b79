import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sampleFile } from '../testing/sample-files.util';
import { isLoopbackAddress } from './address/address-policy.util';
import { type ConnectTarget, createDirectConnector, type SafeConnector } from './network/connector';
import { SafeFetchRefusedError } from './safe-fetch.errors';
import { SafeFetcher, type SafeDownloadRequest, type SafeFetcherOptions } from './safe-fetcher';

// A real HTTP server on 127.0.0.1 and the real connector, behind a guard that refuses (and so
// would fail the test) any address that is not loopback.
const PNG = sampleFile('png', 200_000);
const REQUEST: SafeDownloadRequest = {
  maxBytes: 1024 * 1024,
  allowedMimeTypes: ['image/png', 'application/pdf'],
};

interface StreamedResponse {
  readonly sentBytes: number;
  readonly finished: boolean;
}

let server: Server;
let origin: string;
let routes: Map<string, RequestListener>;
let requestedPaths: string[];
let dialled: ConnectTarget[];

const direct = createDirectConnector({ connectTimeoutMs: 2_000 });
const loopbackOnly: SafeConnector = (target) => {
  dialled.push(target);
  if (!isLoopbackAddress(target.address)) throw new Error(`test guard: refusing to dial ${target.address}`);
  return direct(target);
};

beforeAll(async () => {
  server = createServer((request, response) => {
    requestedPaths.push(request.url ?? '');
    const route = routes.get(request.url ?? '');
    if (route) route(request, response);
    else response.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

beforeEach(() => {
  routes = new Map();
  requestedPaths = [];
  dialled = [];
  routes.set('/file.png', (_request, response) => {
    response.writeHead(200, { 'content-type': 'image/png', 'content-length': String(PNG.length) });
    response.end(PNG);
  });
});

function createSut(options: SafeFetcherOptions = {}): SafeFetcher {
  return new SafeFetcher({ allowHttpLoopback: true, connector: loopbackOnly, ...options });
}

/** Streams `chunk` up to `total` bytes, honouring backpressure; resolves when the response closes. */
function streamUntilClosed(
  response: ServerResponse,
  chunk: Buffer,
  total: number,
): Promise<StreamedResponse> {
  let sentBytes = 0;
  const write = () => {
    while (!response.destroyed && sentBytes < total) {
      sentBytes += chunk.length;
      if (!response.write(chunk)) return void response.once('drain', write);
    }
    if (!response.destroyed) response.end();
  };
  write();
  return once(response, 'close').then(() => ({ sentBytes, finished: response.writableFinished }));
}

async function refusalOf(download: Promise<unknown>): Promise<SafeFetchRefusedError> {
  const outcome = await download.then(
    () => new Error('the download succeeded'),
    (error: unknown) => error,
  );
  if (outcome instanceof SafeFetchRefusedError) return outcome;
  throw outcome;
}

describe(`${SafeFetcher.name} against a local server`, () => {
  it('downloads the bytes with their SHA-256 and sniffed type', async () => {
    const sut = createSut();

    const download = await sut.download(`${origin}/file.png`, { ...REQUEST, declaredMimeType: 'image/png' });

    expect(download.bytes.equals(PNG)).toBe(true);
    expect(download).toMatchObject({
      size: PNG.length,
      sha256: createHash('sha256').update(PNG).digest('hex'),
      mimeType: 'image/png',
      sniffedMimeType: 'image/png',
      finalUrl: `${origin}/file.png`,
      redirects: 0,
    });
    expect(dialled.map(({ address, protocol }) => [address, protocol])).toEqual([['127.0.0.1', 'http:']]);
  });

  it('follows a redirect to a loopback target when allowHttpLoopback is on', async () => {
    routes.set('/redirect', (_request, response) => response.writeHead(302, { location: '/file.png' }).end());
    const sut = createSut();

    const download = await sut.download(`${origin}/redirect`, REQUEST);

    expect(download).toMatchObject({ finalUrl: `${origin}/file.png`, redirects: 1, size: PNG.length });
    expect(requestedPaths).toEqual(['/redirect', '/file.png']);
  });

  it('refuses the same URL without allowHttpLoopback, before any request', async () => {
    const sut = createSut({ allowHttpLoopback: false });

    const refusal = await refusalOf(sut.download(`${origin}/file.png`, REQUEST));

    expect(refusal.reason).toBe('scheme');
    expect(dialled).toEqual([]);
    expect(requestedPaths).toEqual([]);
  });

  it('refuses a redirect from loopback to a private address', async () => {
    routes.set('/redirect', (_request, response) =>
      response.writeHead(302, { location: 'http://10.0.0.1/file.png' }).end(),
    );
    const sut = createSut();

    const refusal = await refusalOf(sut.download(`${origin}/redirect`, REQUEST));

    expect(refusal.reason).toBe('private_address');
    expect(dialled.map(({ address }) => address)).toEqual(['127.0.0.1']);
  });

  it('falls back to the next resolved loopback address when the first refuses the connection', async () => {
    const sut = createSut({ resolver: async () => [{ address: '::1' }, { address: '127.0.0.1' }] });
    const port = new URL(origin).port;

    const download = await sut.download(`http://localhost:${port}/file.png`, REQUEST);

    expect(download.size).toBe(PNG.length);
    expect(dialled.map(({ address }) => address)).toEqual(['::1', '127.0.0.1']);
  });

  it('stops reading as soon as a body without Content-Length passes the cap', async () => {
    let streamed: Promise<StreamedResponse> | undefined;
    routes.set('/endless.png', (_request, response) => {
      response.writeHead(200, { 'content-type': 'image/png' });
      streamed = streamUntilClosed(response, sampleFile('png', 64 * 1024), 64 * 1024 * 1024);
    });
    const sut = createSut();

    const refusal = await refusalOf(
      sut.download(`${origin}/endless.png`, { ...REQUEST, maxBytes: 256 * 1024 }),
    );
    const { sentBytes, finished } = await (streamed as Promise<StreamedResponse>);

    expect(refusal).toMatchObject({ reason: 'too_large', message: 'The attachment is larger than 256 KB.' });
    expect(finished).toBe(false);
    expect(sentBytes).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses at once when Content-Length says the body is too large, without waiting for it', async () => {
    let closed: Promise<unknown> | undefined;
    routes.set('/big.png', (_request, response) => {
      response.writeHead(200, { 'content-type': 'image/png', 'content-length': String(32 * 1024 * 1024) });
      response.flushHeaders();
      closed = once(response, 'close');
    });
    const sut = createSut({ totalTimeoutMs: 5_000 });

    const refusal = await refusalOf(sut.download(`${origin}/big.png`, REQUEST));
    await closed;

    expect(refusal.reason).toBe('too_large');
    expect(refusal.detail).toContain(`more than ${REQUEST.maxBytes} bytes`);
  });

  it('stops as soon as the first bytes contradict the declared type', async () => {
    let streamed: Promise<StreamedResponse> | undefined;
    routes.set('/invoice.pdf', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/pdf' });
      streamed = streamUntilClosed(response, sampleFile('html', 64 * 1024), 64 * 1024 * 1024);
    });
    const sut = createSut();

    const refusal = await refusalOf(
      sut.download(`${origin}/invoice.pdf`, {
        ...REQUEST,
        maxBytes: 100 * 1024 * 1024,
        declaredMimeType: 'application/pdf',
      }),
    );
    const { finished } = await (streamed as Promise<StreamedResponse>);

    expect(refusal.reason).toBe('mime_mismatch');
    expect(finished).toBe(false);
  });
});
