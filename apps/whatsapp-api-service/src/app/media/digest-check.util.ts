import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { StoredMediaUnusableError } from '../graph/whatsapp.errors';

/**
 * Passes bytes through while hashing and counting them; at the end, fails the stream (and so the
 * upload it feeds) unless they are exactly the bytes outbound-transformer stored: the uploaded
 * media id is reused by this SHA-256, so it must be the SHA-256 of what WhatsApp received.
 */
export class DigestCheck extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  /** Why the stream failed, once it did. */
  failure: StoredMediaUnusableError | undefined;

  constructor(
    private readonly expectedSha256: string,
    private readonly expectedSize: number,
    private readonly what: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.expectedSize) {
      callback(this.fail(`${this.what} is larger than the ${this.expectedSize} bytes described`));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.bytes !== this.expectedSize) {
      callback(this.fail(`${this.what} has ${this.bytes} bytes, ${this.expectedSize} were described`));
      return;
    }
    const actual = this.hash.digest('hex');
    if (actual !== this.expectedSha256) {
      callback(this.fail(`${this.what} does not have the SHA-256 described (${actual})`));
      return;
    }
    callback();
  }

  private fail(message: string): StoredMediaUnusableError {
    this.failure = new StoredMediaUnusableError(message);
    return this.failure;
  }
}
