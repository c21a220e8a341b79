import type { Request } from 'express';
import { badRequest } from '../core/genesys-errors.util';

/**
 * The raw bytes of a request whose content type no body parser handled. A body a parser
 * already turned into a Buffer (a raw parser set up by the bootstrap) is used as it is.
 */
export async function readRequestBytes(request: Request, maxBytes: number): Promise<Buffer> {
  const parsed: unknown = request.body;
  if (Buffer.isBuffer(parsed)) return parsed;
  if (request.readableEnded) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw badRequest(`the body is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
