import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

export interface MultipartFile {
  readonly stream: Readable;
  /** Exact length of the stream in bytes: the body's Content-Length depends on it. */
  readonly size: number;
  readonly filename: string;
  readonly contentType: string;
}

export interface MultipartBody {
  readonly stream: Readable;
  readonly contentType: string;
  readonly contentLength: number;
}

/** Quotes and line breaks would end the header early: keep the name printable and plain. */
function headerSafe(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f"\\]/g, '_');
}

/**
 * `multipart/form-data` with text fields then one file, streamed: the file's bytes are never
 * held in memory as a whole, and the exact Content-Length is known in advance (Meta's upload
 * endpoint, spec A4: fields `messaging_product`, `type`, `file`).
 */
export function multipartBody(
  fields: Readonly<Record<string, string>>,
  fileField: string,
  file: MultipartFile,
  boundary = `----switchboard${randomBytes(12).toString('hex')}`,
): MultipartBody {
  const head = Buffer.from(
    Object.entries(fields)
      .map(
        ([name, value]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${headerSafe(name)}"\r\n\r\n${value}\r\n`,
      )
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="${headerSafe(fileField)}"; filename="${headerSafe(file.filename)}"\r\n` +
      `Content-Type: ${headerSafe(file.contentType)}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  async function* parts(): AsyncGenerator<Buffer> {
    yield head;
    for await (const chunk of file.stream)
      yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    yield tail;
  }
  return {
    stream: Readable.from(parts(), { objectMode: false }),
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: head.length + file.size + tail.length,
  };
}
