import { Transform, type TransformCallback } from 'node:stream';

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body larger than ${limitBytes} bytes`);
    this.name = BodyTooLargeError.name;
  }
}

/**
 * Passes the body through unchanged, counting the bytes; fails with {@link BodyTooLargeError}
 * as soon as more than `limitBytes` went by (a chunked body announces no length up front).
 */
export class BodySizeLimit extends Transform {
  private seen = 0;

  constructor(private readonly limitBytes: number) {
    super();
  }

  get bytes(): number {
    return this.seen;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limitBytes) {
      callback(new BodyTooLargeError(this.limitBytes));
      return;
    }
    callback(null, chunk);
  }
}

/** The declared Content-Length, undefined when absent; NaN when it is not a plain number. */
export function declaredLength(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  return /^\d{1,16}$/.test(header) ? Number(header) : Number.NaN;
}
