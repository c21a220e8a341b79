import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { BodySizeLimit, BodyTooLargeError, declaredLength } from './body-size-limit.util';

async function run(chunks: Buffer[], limit: number): Promise<Buffer> {
  const received: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk);
      callback();
    },
  });
  await pipeline(Readable.from(chunks), new BodySizeLimit(limit), sink);
  return Buffer.concat(received);
}

describe(BodySizeLimit.name, () => {
  it('passes the bytes through unchanged up to and including the limit', async () => {
    const data = Buffer.from([0, 255, 13, 10, 1, 2, 3, 4]);

    await expect(run([data.subarray(0, 3), data.subarray(3)], 8)).resolves.toEqual(data);
  });

  it('fails as soon as the count passes the limit', async () => {
    await expect(run([Buffer.alloc(5), Buffer.alloc(5)], 9)).rejects.toBeInstanceOf(BodyTooLargeError);
  });
});

describe(declaredLength.name, () => {
  it('reads a plain Content-Length and flags anything else', () => {
    expect(declaredLength(undefined)).toBeUndefined();
    expect(declaredLength('1024')).toBe(1024);
    expect(declaredLength('-1')).toBeNaN();
    expect(declaredLength('1e3')).toBeNaN();
  });
});
