import { createHash, randomBytes } from 'node:crypto';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 with a free port. */
export async function startHttpServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
): Promise<TestServer> {
  const server = http.createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port on which nothing listens (a server was there a moment ago). */
export async function closedPortUrl(): Promise<string> {
  const server = await startHttpServer((_req, res) => {
    res.end();
  });
  await server.close();
  return server.url;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function readBody(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export interface TestResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  json<T = Record<string, unknown>>(): T;
}

export interface TestRequest {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** Sent with Content-Length unless `chunked`; as several writes when an array. */
  readonly body?: Buffer | readonly Buffer[];
  /** Send the body with Transfer-Encoding: chunked (no Content-Length). */
  readonly chunked?: boolean;
  /** Pause between the writes of an array body. */
  readonly pauseMs?: number;
}

/** `http://host:port/raw/path?q`, the path exactly as written (no dot-segment normalisation). */
function target(url: string): http.RequestOptions {
  const match = /^http:\/\/([^/:]+):(\d+)(\/.*)?$/.exec(url);
  if (!match) throw new Error(`not a loopback test URL: ${url}`);
  return { host: match[1], port: Number(match[2]), path: match[3] ?? '/' };
}

/** One HTTP/1.1 request with exact control of the path and the body's framing; a fresh connection each time. */
export function send(url: string, options: TestRequest = {}): Promise<TestResponse> {
  const chunks =
    options.body === undefined ? [] : Array.isArray(options.body) ? options.body : [options.body as Buffer];
  const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) {
    if (options.chunked) headers['transfer-encoding'] = 'chunked';
    else headers['content-length'] = String(length);
  }
  return new Promise<TestResponse>((resolve, reject) => {
    const req = http.request(
      { ...target(url), method: options.method ?? 'GET', headers, agent: false },
      (res) => {
        readBody(res)
          .then((body) =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body,
              json: <T>() => JSON.parse(body.toString('utf8')) as T,
            }),
          )
          .catch(reject);
      },
    );
    req.on('error', reject);
    void (async () => {
      for (const [index, chunk] of chunks.entries()) {
        if (req.destroyed) return;
        req.write(chunk);
        if (options.pauseMs && index < chunks.length - 1) {
          await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
        }
      }
      req.end();
    })();
  });
}

/**
 * Sends only the head of a request announcing `contentLength` bytes and waits for the answer:
 * proves that the gateway decides without reading the body.
 */
export function sendHeadOnly(
  url: string,
  method: string,
  contentLength: number,
  headers: Record<string, string> = {},
) {
  return new Promise<TestResponse>((resolve, reject) => {
    const req = http.request(
      {
        ...target(url),
        method,
        headers: { ...headers, 'content-length': String(contentLength) },
        agent: false,
      },
      (res) => {
        readBody(res)
          .then((body) => {
            req.destroy();
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body,
              json: () => JSON.parse(body.toString()),
            });
          })
          .catch(reject);
      },
    );
    req.on('error', reject);
    req.flushHeaders();
  });
}

/** Bytes that are not valid UTF-8 and contain CR, LF and NUL: they survive only untouched. */
export function awkwardBytes(size: number): Buffer {
  const bytes = randomBytes(size);
  const marker = Buffer.from('\r\n--\0\xff\xfe', 'latin1');
  for (let offset = 0; offset + marker.length < size; offset += 4096) marker.copy(bytes, offset);
  return bytes;
}

/** A JSON document of about `size` bytes. */
export function largeJson(size: number): Buffer {
  const items: { id: number; text: string }[] = [];
  let total = 0;
  for (let id = 0; total < size; id += 1) {
    const text = `message ${id} – ünïcödé ✓ "quoted" \\ ${'x'.repeat(80)}`;
    items.push({ id, text });
    total += text.length + 24;
  }
  return Buffer.from(JSON.stringify({ items }), 'utf8');
}

/** A multipart/form-data body with a text field and a binary file. */
export function multipartBody(file: Buffer): { body: Buffer; contentType: string } {
  const boundary = `----switchboard-${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="caption"\r\n\r\nan invoice\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="invoice.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Splits a buffer into pieces of `size` bytes. */
export function pieces(data: Buffer, size: number): Buffer[] {
  const result: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += size)
    result.push(data.subarray(offset, offset + size));
  return result;
}

/**
 * A request with `Expect: 100-continue`: the body goes out only once the server invites it.
 * Reports whether it was invited.
 */
export function sendExpectingContinue(
  url: string,
  method: string,
  body: Buffer,
  headers: Record<string, string> = {},
): Promise<TestResponse & { readonly invited: boolean }> {
  return new Promise((resolve, reject) => {
    let invited = false;
    const req = http.request(
      {
        ...target(url),
        method,
        headers: { ...headers, expect: '100-continue', 'content-length': String(body.length) },
        agent: false,
      },
      (res) => {
        readBody(res)
          .then((received) => {
            req.destroy();
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: received,
              json: <T>() => JSON.parse(received.toString('utf8')) as T,
              invited,
            });
          })
          .catch(reject);
      },
    );
    req.on('continue', () => {
      invited = true;
      req.end(body);
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}
