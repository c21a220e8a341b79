import { SafeFetchRefusedError } from '../safe-fetch.errors';
import { STATIC_STICKER_MAX_BYTES, formatByteSize } from './media-limits.constants';

/** A WebP file with the animation flag of its extended header (VP8X) set. */
export function isAnimatedWebp(bytes: Uint8Array): boolean {
  const text = (offset: number, length: number) =>
    String.fromCharCode(...bytes.subarray(offset, offset + length));
  const flags = bytes[20];
  return text(0, 4) === 'RIFF' && text(8, 4) === 'WEBP' && text(12, 4) === 'VP8X' && flags !== undefined
    ? (flags & 0x02) !== 0
    : false;
}

/**
 * A sticker is downloaded with the animated cap (500 KB); a static one may only be 100 KB
 * (spec A4), which only the bytes can tell.
 */
export function checkStickerSize(download: { readonly bytes: Buffer }): void {
  if (download.bytes.length > STATIC_STICKER_MAX_BYTES && !isAnimatedWebp(download.bytes)) {
    throw new SafeFetchRefusedError(
      'too_large',
      `A static sticker may not be larger than ${formatByteSize(STATIC_STICKER_MAX_BYTES)}.`,
      { detail: `static WebP sticker of ${download.bytes.length} bytes` },
    );
  }
}
