import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { SNIFF_WINDOW_BYTES } from '../media/mime-sniffer.util';
import { readCappedBody } from './capped-body.util';

class TooLarge extends Error {}

function chunks(...sizes: number[]): Buffer[] {
  return sizes.map((size, index) => Buffer.alloc(size, index + 1));
}

describe(readCappedBody.name, () => {
  it('returns the bytes, their SHA-256 and what the head inspection said', async () => {
    const parts = chunks(3000, 3000, 10);
    const whole = Buffer.concat(parts);

    const sut = await readCappedBody(Readable.from(parts), {
      maxBytes: 10_000,
      tooLarge: () => new TooLarge(),
      inspectHead: (head) => head.length,
    });

    expect(sut.bytes.equals(whole)).toBe(true);
    expect(sut.sha256).toBe(createHash('sha256').update(whole).digest('hex'));
    expect(sut.inspection).toBe(SNIFF_WINDOW_BYTES);
  });

  it('inspects a body shorter than the window once, whole', async () => {
    const inspectHead = jest.fn((head: Buffer) => head.length);

    const sut = await readCappedBody(Readable.from(chunks(10, 20)), {
      maxBytes: 100,
      tooLarge: () => new TooLarge(),
      inspectHead,
    });

    expect(inspectHead).toHaveBeenCalledTimes(1);
    expect(sut.inspection).toBe(30);
  });

  it('stops at the first chunk past the cap and destroys the stream', async () => {
    let pulled = 0;
    const source = Readable.from(
      (function* () {
        for (;;) {
          pulled++;
          yield Buffer.alloc(1000);
        }
      })(),
    );

    await expect(
      readCappedBody(source, {
        maxBytes: 2500,
        tooLarge: () => new TooLarge(),
        inspectHead: () => undefined,
      }),
    ).rejects.toBeInstanceOf(TooLarge);
    expect(pulled).toBeLessThan(10);
    expect(source.destroyed).toBe(true);
  });

  it('stops as soon as the head inspection refuses', async () => {
    const source = Readable.from(chunks(5000, 5000, 5000));
    const refusal = new Error('wrong type');

    await expect(
      readCappedBody(source, {
        maxBytes: 100_000,
        tooLarge: () => new TooLarge(),
        inspectHead: () => {
          throw refusal;
        },
      }),
    ).rejects.toBe(refusal);
    expect(source.destroyed).toBe(true);
  });
});
