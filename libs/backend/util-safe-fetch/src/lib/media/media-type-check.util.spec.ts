import { sampleFile } from '../../testing/sample-files.util';
import { checkMediaType, normaliseMimeType } from './media-type-check.util';
import { sniffMimeType } from './mime-sniffer.util';

const IMAGES = ['image/jpeg', 'image/png'];

describe(checkMediaType.name, () => {
  const sut = checkMediaType;
  const png = sniffMimeType(sampleFile('png'));

  it('accepts bytes that match every informative declaration', () => {
    expect(
      sut({
        sniffed: png,
        declared: [
          { source: 'the attachment', mimeType: 'image/png' },
          { source: 'the server', mimeType: 'image/png; charset=binary' },
        ],
        allowedMimeTypes: IMAGES,
      }),
    ).toEqual({ ok: true, mimeType: 'image/png' });
  });

  it('falls back to the sniffed type when nothing informative is declared', () => {
    expect(
      sut({
        sniffed: png,
        declared: [
          { source: 'the attachment', mimeType: undefined },
          { source: 'the server', mimeType: 'application/octet-stream' },
        ],
        allowedMimeTypes: IMAGES,
      }),
    ).toEqual({ ok: true, mimeType: 'image/png' });
  });

  it('accepts an alias of the right type and answers the canonical one', () => {
    const jpeg = sniffMimeType(sampleFile('jpeg'));

    expect(
      sut({
        sniffed: jpeg,
        declared: [{ source: 'the attachment', mimeType: 'image/JPG' }],
        allowedMimeTypes: IMAGES,
      }),
    ).toEqual({ ok: true, mimeType: 'image/jpeg' });
  });

  it('names the declaration the bytes contradict', () => {
    const verdict = sut({
      sniffed: png,
      declared: [
        { source: 'the attachment', mimeType: 'image/png' },
        { source: "the server's Content-Type", mimeType: 'image/jpeg' },
      ],
      allowedMimeTypes: IMAGES,
    });

    expect(verdict).toEqual({
      ok: false,
      reason: 'mime_mismatch',
      message:
        "The attachment's content (image/png) does not match the type the server's Content-Type declares (image/jpeg).",
    });
  });

  it('refuses a consistent type that is not allowed', () => {
    const verdict = sut({
      sniffed: sniffMimeType(sampleFile('gif')),
      declared: [{ source: 'the attachment', mimeType: 'image/gif' }],
      allowedMimeTypes: IMAGES,
    });

    expect(verdict).toMatchObject({ ok: false, reason: 'type_not_allowed' });
  });

  it('refuses an ambiguous ZIP with no declared type even though documents are allowed', () => {
    const verdict = sut({
      sniffed: sniffMimeType(sampleFile('zip')),
      declared: [],
      allowedMimeTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    });

    expect(verdict).toMatchObject({ ok: false, reason: 'type_not_allowed' });
  });

  it('refuses unrecognised content', () => {
    expect(sut({ sniffed: undefined, declared: [], allowedMimeTypes: IMAGES })).toMatchObject({
      ok: false,
      reason: 'type_not_allowed',
    });
  });
});

describe(normaliseMimeType.name, () => {
  it.each([
    ['Image/JPEG; charset=binary', 'image/jpeg'],
    ['image/jpg', 'image/jpeg'],
    ['audio/mp3', 'audio/mpeg'],
    [' text/plain ', 'text/plain'],
    [undefined, ''],
  ])('normalises %p to %p', (input, expected) => {
    expect(normaliseMimeType(input)).toBe(expected);
  });
});
