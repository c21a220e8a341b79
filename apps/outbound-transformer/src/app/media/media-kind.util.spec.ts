import { SafeFetchRefusedError, WHATSAPP_MEDIA_LIMITS } from '@switchboard/backend-util-safe-fetch';
import {
  checkDownloadedSize,
  downloadLimitsFor,
  isCaptionable,
  mediaKindOf,
  outboundFilename,
} from './media-kind.util';

const MB = 1024 * 1024;

describe(mediaKindOf.name, () => {
  it.each([
    ['Image', 'image/jpeg', 'image'],
    ['Image', 'image/png', 'image'],
    ['Image', 'image/webp', 'sticker'],
    ['Image', 'IMAGE/WEBP; charset=binary', 'sticker'],
    ['Video', 'video/mp4', 'video'],
    ['Audio', 'audio/ogg', 'audio'],
    ['File', 'application/pdf', 'document'],
  ] as const)('sends a Genesys %s of type %s as %s', (mediaType, mimeType, kind) => {
    expect(mediaKindOf(mediaType, mimeType)).toBe(kind);
  });
});

describe(downloadLimitsFor.name, () => {
  it('admits images and WebP stickers for an Image, within the image cap', () => {
    expect(downloadLimitsFor('Image', 'image/jpeg')).toEqual({
      maxBytes: 5 * MB,
      allowedMimeTypes: ['image/jpeg', 'image/png', 'image/webp'],
    });
  });

  it('uses the sticker cap for an Image declared as WebP', () => {
    expect(downloadLimitsFor('Image', 'image/webp')).toEqual(WHATSAPP_MEDIA_LIMITS.sticker);
  });

  it('caps documents at the 25 MB Genesys allows, and video and audio at WhatsApp’s 16 MB', () => {
    expect(downloadLimitsFor('File').maxBytes).toBe(25 * MB);
    expect(downloadLimitsFor('File').allowedMimeTypes).toContain('application/pdf');
    expect(downloadLimitsFor('Video')).toEqual(WHATSAPP_MEDIA_LIMITS.video);
    expect(downloadLimitsFor('Audio')).toEqual(WHATSAPP_MEDIA_LIMITS.audio);
  });
});

describe(checkDownloadedSize.name, () => {
  const webp = (length: number, animated: boolean) => {
    const head = Buffer.from(
      animated ? 'RIFF\x24\0\0\0WEBPVP8X\x0a\0\0\0\x12\0\0\0' : 'RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0',
      'latin1',
    );
    return Buffer.concat([head, Buffer.alloc(length - head.length)]);
  };

  it('lets a static sticker of up to 100 KB and an animated one of up to 500 KB pass', () => {
    expect(() => checkDownloadedSize('sticker', webp(100 * 1024, false))).not.toThrow();
    expect(() => checkDownloadedSize('sticker', webp(400 * 1024, true))).not.toThrow();
  });

  it('refuses larger stickers as too_large', () => {
    expect(() => checkDownloadedSize('sticker', webp(101 * 1024, false))).toThrow(SafeFetchRefusedError);
    expect(() => checkDownloadedSize('sticker', webp(501 * 1024, true))).toThrow(
      expect.objectContaining({ reason: 'too_large' }),
    );
  });

  it('leaves other kinds to the download cap', () => {
    expect(() => checkDownloadedSize('image', Buffer.alloc(4 * MB))).not.toThrow();
  });
});

describe(isCaptionable.name, () => {
  it('captions images, videos and documents only', () => {
    expect(
      ['image', 'video', 'document', 'audio', 'sticker'].filter((kind) => isCaptionable(kind as never)),
    ).toEqual(['image', 'video', 'document']);
  });
});

describe(outboundFilename.name, () => {
  it('keeps the agent’s file name without directories or control characters', () => {
    expect(outboundFilename('document', 'application/pdf', 0, '../../etc/receipt\u0007.pdf')).toBe(
      'receipt.pdf',
    );
  });

  it('names a nameless document by its position and type, and leaves other kinds nameless', () => {
    expect(outboundFilename('document', 'application/pdf', 1, undefined)).toBe('document-2.pdf');
    expect(outboundFilename('document', 'application/x-unknown', 0, '  ')).toBe('document-1');
    expect(outboundFilename('image', 'image/png', 0, undefined)).toBeUndefined();
  });
});
