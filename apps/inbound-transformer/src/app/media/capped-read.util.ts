import { createHash } from 'node:crypto';

/** The body grew past the allowed size: reading stopped there. */
export class MediaTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file exceeds ${maxBytes} bytes`);
    this.name = MediaTooLargeError.name;
  }
}

export interface CappedReadResult {
  readonly bytes: Buffer;
  /** SHA-256 of the bytes. */
  readonly digest: Buffer;
}

/**
 * Reads a body chunk by chunk and stops as soon as it grows past `maxBytes`, whatever the
 * sender announced: memory never holds more than the cap (plus one chunk). The caller aborts
 * the transfer when this throws.
 */
export async function readCapped(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<CappedReadResult> {
  const chunks: Buffer[] = [];
  const hash = createHash('sha256');
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new MediaTooLargeError(maxBytes);
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    chunks.push(buffer);
    hash.update(buffer);
  }
  return { bytes: Buffer.concat(chunks, total), digest: hash.digest() };
}

/**
 * Whether `digest` matches a SHA-256 as WhatsApp writes it: base64 in webhooks, lowercase hex in
 * the media URL answer (spec A4 and its samples).
 */
export function matchesSha256(digest: Buffer, expected: string): boolean {
  const trimmed = expected.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return digest.toString('hex') === trimmed.toLowerCase();
  return digest.toString('base64') === trimmed || digest.toString('base64url') === trimmed;
}
