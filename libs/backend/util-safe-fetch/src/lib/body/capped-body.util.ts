import { createHash } from 'node:crypto';
import { SNIFF_WINDOW_BYTES } from '../media/mime-sniffer.util';

export interface CappedBody<T> {
  readonly bytes: Buffer;
  readonly sha256: string;
  /** What `inspectHead` returned. */
  readonly inspection: T;
}

export interface CappedReadOptions<T> {
  readonly maxBytes: number;
  /** Called once with the first bytes (up to the sniff window, or all of a shorter body); may throw. */
  readonly inspectHead: (head: Buffer) => T;
  /** Thrown as soon as more than `maxBytes` arrived. */
  readonly tooLarge: () => Error;
}

/**
 * Reads a body into memory, failing as soon as it grows past `maxBytes` and letting the caller
 * refuse the content from its first bytes before the rest is downloaded. Leaving the loop by an
 * exception destroys the stream, which stops the transfer.
 */
export async function readCappedBody<T>(
  body: AsyncIterable<Uint8Array>,
  options: CappedReadOptions<T>,
): Promise<CappedBody<T>> {
  const chunks: Buffer[] = [];
  const hash = createHash('sha256');
  let size = 0;
  let inspected: { readonly value: T } | undefined;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > options.maxBytes) throw options.tooLarge();
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    chunks.push(buffer);
    hash.update(buffer);
    if (!inspected && size >= SNIFF_WINDOW_BYTES) {
      inspected = { value: options.inspectHead(Buffer.concat(chunks).subarray(0, SNIFF_WINDOW_BYTES)) };
    }
  }
  const bytes = Buffer.concat(chunks, size);
  inspected ??= { value: options.inspectHead(bytes) };
  return { bytes, sha256: hash.digest('hex'), inspection: inspected.value };
}
