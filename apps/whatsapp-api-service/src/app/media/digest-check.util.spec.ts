import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { StoredMediaUnusableError } from '../graph/whatsapp.errors';
import { DigestCheck } from './digest-check.util';

const bytes = Buffer.from('\x89PNG\r\n\x1a\n pretend image bytes', 'binary');
const sha256 = createHash('sha256').update(bytes).digest('hex');

describe(DigestCheck.name, () => {
  it('passes the described bytes through unchanged', async () => {
    const sut = new DigestCheck(sha256, bytes.length, 'the attachment');

    const out = await buffer(Readable.from([bytes.subarray(0, 4), bytes.subarray(4)]).pipe(sut));

    expect(out.equals(bytes)).toBe(true);
    expect(sut.failure).toBeUndefined();
  });

  it('fails the stream when the bytes are not the ones described', async () => {
    const sut = new DigestCheck(sha256, bytes.length, 'the attachment');
    const tampered = Buffer.from(bytes);
    tampered[10] = 0;

    await expect(
      pipeline(Readable.from([tampered]), sut, async (source) => buffer(source)),
    ).rejects.toBeInstanceOf(StoredMediaUnusableError);
    expect(sut.failure?.message).toMatch(/^the attachment does not have the SHA-256 described/);
  });

  it('fails the stream when there are more or fewer bytes than described', async () => {
    const longer = new DigestCheck(sha256, bytes.length - 1, 'the attachment');
    const shorter = new DigestCheck(sha256, bytes.length + 1, 'the attachment');

    await expect(pipeline(Readable.from([bytes]), longer, async (source) => buffer(source))).rejects.toThrow(
      /larger/,
    );
    await expect(pipeline(Readable.from([bytes]), shorter, async (source) => buffer(source))).rejects.toThrow(
      /has \d+ bytes, \d+ were described/,
    );
  });
});
