import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, type TestServer } from './test-http.util';

/** What the upstream saw of one request. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly sha256: string;
  readonly bytes: number;
}

export interface EchoUpstream extends TestServer {
  readonly seen: SeenRequest[];
  /** Makes the next answers of the server come from `handler` (undefined: the echo again). */
  override(handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined): void;
}

/**
 * A service double that hashes each request body as it streams in and answers with what it saw
 * as JSON (`SeenRequest`). Paths with special meaning:
 * - `.../download?bytes=N&chunked=1`: answers N deterministic bytes (`Content-Length` unless chunked)
 * - `.../status/<code>`: answers that status
 * - `.../slow?ms=N`: answers after N ms
 */
export async function startEchoUpstream(): Promise<EchoUpstream> {
  const seen: SeenRequest[] = [];
  let override: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = await startHttpServer(async (req, res) => {
    if (override) {
      override(req, res);
      return;
    }
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of req) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    const request: SeenRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      sha256: hash.digest('hex'),
      bytes,
    };
    seen.push(request);
    const url = new URL(req.url ?? '/', 'http://upstream');
    if (url.pathname.endsWith('/download')) {
      const size = Number(url.searchParams.get('bytes') ?? '0');
      const chunked = url.searchParams.get('chunked') === '1';
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        ...(chunked ? {} : { 'content-length': String(size) }),
        // Hop-by-hop and gateway-owned headers the gateway must not pass on:
        'keep-alive': 'timeout=5',
        'x-upstream-secret-hop': 'drop me',
        connection: 'x-upstream-secret-hop',
        'access-control-allow-origin': '*',
        'set-cookie': ['a=1; Path=/api/auth; HttpOnly', 'b=2; Path=/api/auth; HttpOnly'],
      });
      for (const chunk of downloadChunks(size)) {
        if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
      return;
    }
    const status = /\/status\/(\d{3})$/.exec(url.pathname);
    if (status) {
      res.writeHead(Number(status[1]), { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: Number(status[1]) }));
      return;
    }
    if (url.pathname.endsWith('/slow')) {
      await new Promise((resolve) => setTimeout(resolve, Number(url.searchParams.get('ms') ?? '1000')));
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(request));
  });
  return {
    ...server,
    seen,
    override: (handler) => {
      override = handler;
    },
  };
}

/** The bytes `/download?bytes=N` answers, 256 KB at a time: deterministic, binary, not UTF-8. */
export function* downloadChunks(size: number, chunkSize = 256 * 1024): Generator<Buffer> {
  let state = 0x9e3779b9;
  for (let offset = 0; offset < size; offset += chunkSize) {
    const chunk = Buffer.alloc(Math.min(chunkSize, size - offset));
    for (let index = 0; index < chunk.length; index += 1) {
      state = (state * 1664525 + 1013904223) >>> 0;
      chunk[index] = state >>> 24;
    }
    yield chunk;
  }
}

/** All the bytes `/download?bytes=N` answers. */
export function downloadBytes(size: number): Buffer {
  return Buffer.concat([...downloadChunks(size)]);
}
