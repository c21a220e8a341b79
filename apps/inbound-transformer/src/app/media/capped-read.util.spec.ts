import { createHash, randomBytes } from 'node:crypto';
import { MediaTooLargeError, matchesSha256, readCapped } from './capped-read.util';

async function* chunksOf(buffer: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < buffer.length; offset += size) yield buffer.subarray(offset, offset + size);
}

describe(readCapped.name, () => {
  it('returns every byte and their SHA-256 when the body fits', async () => {
    const bytes = randomBytes(10_000);

    const sut = await readCapped(chunksOf(bytes, 1000), 10_000);

    expect(sut.bytes.equals(bytes)).toBe(true);
    expect(sut.digest.equals(createHash('sha256').update(bytes).digest())).toBe(true);
  });

  it('stops reading as soon as the body grows past the cap', async () => {
    let chunksRead = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) {
        chunksRead++;
        yield Buffer.alloc(1024);
      }
    }

    await expect(readCapped(endless(), 4096)).rejects.toEqual(new MediaTooLargeError(4096));
    expect(chunksRead).toBe(5);
  });

  it('closes the source it stopped reading', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) yield Buffer.alloc(100);
      } finally {
        closed = true;
      }
    }

    await expect(readCapped(source(), 150)).rejects.toBeInstanceOf(MediaTooLargeError);
    expect(closed).toBe(true);
  });

  it('accepts a body of exactly the cap', async () => {
    await expect(readCapped(chunksOf(Buffer.alloc(2048), 512), 2048)).resolves.toMatchObject({
      bytes: Buffer.alloc(2048),
    });
  });
});

describe(matchesSha256.name, () => {
  const digest = createHash('sha256').update('media bytes').digest();

  it('matches the hex form of the media URL answer, in any case', () => {
    expect(matchesSha256(digest, digest.toString('hex'))).toBe(true);
    expect(matchesSha256(digest, digest.toString('hex').toUpperCase())).toBe(true);
  });

  it('matches the base64 form of the webhooks', () => {
    expect(matchesSha256(digest, digest.toString('base64'))).toBe(true);
  });

  it('refuses another digest in either form', () => {
    const other = createHash('sha256').update('other bytes').digest();

    expect(matchesSha256(digest, other.toString('hex'))).toBe(false);
    expect(matchesSha256(digest, other.toString('base64'))).toBe(false);
    expect(matchesSha256(digest, 'fakeSha256Base64Value000000000000000000000000=')).toBe(false);
  });
});
