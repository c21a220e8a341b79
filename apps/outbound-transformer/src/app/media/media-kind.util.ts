import {
  ANIMATED_STICKER_MAX_BYTES,
  SafeFetchRefusedError,
  checkStickerSize,
  formatByteSize,
  genesysAttachmentLimits,
  normaliseMimeType,
  type MediaKindLimits,
} from '@switchboard/backend-util-safe-fetch';
import type { GenesysMediaType, OutboundMediaKind } from '@switchboard/shared-contracts';

const STICKER_MIME_TYPE = 'image/webp';

/** Genesys media types that are files to fetch (a `Link` is sent as text). */
export type FetchableMediaType = Exclude<GenesysMediaType, 'Link'>;

export function isFetchableMediaType(mediaType: GenesysMediaType): mediaType is FetchableMediaType {
  return mediaType !== 'Link';
}

/**
 * What may be downloaded for a Genesys attachment: the WhatsApp rules of the kind it can become
 * (spec A4), capped at Genesys's 25 MB. An `Image` may turn out to be a WebP sticker, so it
 * admits WebP too, with the sticker's own cap when the attachment says it is one.
 */
export function downloadLimitsFor(mediaType: FetchableMediaType, declaredMimeType?: string): MediaKindLimits {
  switch (mediaType) {
    case 'Image': {
      if (normaliseMimeType(declaredMimeType) === STICKER_MIME_TYPE)
        return genesysAttachmentLimits('sticker');
      const image = genesysAttachmentLimits('image');
      return { maxBytes: image.maxBytes, allowedMimeTypes: [...image.allowedMimeTypes, STICKER_MIME_TYPE] };
    }
    case 'Video':
      return genesysAttachmentLimits('video');
    case 'Audio':
      return genesysAttachmentLimits('audio');
    case 'File':
      return genesysAttachmentLimits('document');
  }
}

/** The WhatsApp message type of a downloaded attachment: its Genesys media type, and WebP images are stickers. */
export function mediaKindOf(mediaType: FetchableMediaType, mimeType: string): OutboundMediaKind {
  switch (mediaType) {
    case 'Image':
      return normaliseMimeType(mimeType) === STICKER_MIME_TYPE ? 'sticker' : 'image';
    case 'Video':
      return 'video';
    case 'Audio':
      return 'audio';
    case 'File':
      return 'document';
  }
}

/**
 * The size rules only the bytes can tell: a sticker downloaded under the image cap may be at
 * most 500 KB when animated and 100 KB when static (spec A4).
 */
export function checkDownloadedSize(kind: OutboundMediaKind, bytes: Buffer): void {
  if (kind !== 'sticker') return;
  if (bytes.length > ANIMATED_STICKER_MAX_BYTES) {
    throw new SafeFetchRefusedError(
      'too_large',
      `A sticker may not be larger than ${formatByteSize(ANIMATED_STICKER_MAX_BYTES)}.`,
      { detail: `WebP sticker of ${bytes.length} bytes` },
    );
  }
  checkStickerSize({ bytes });
}

/** Kinds WhatsApp shows a caption with (never audio or stickers). */
export function isCaptionable(kind: OutboundMediaKind): boolean {
  return kind === 'image' || kind === 'video' || kind === 'document';
}

const DOCUMENT_EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.ms-powerpoint': 'ppt',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
};

/** Longest file name passed on (WhatsApp shows it; file systems take 255 bytes). */
const MAX_FILENAME_LENGTH = 200;

/**
 * The file name the customer sees: the agent's, without directories or control characters, or
 * for a nameless document `document-<n>.<ext>` (WhatsApp shows "Untitled" otherwise).
 */
export function outboundFilename(
  kind: OutboundMediaKind,
  mimeType: string,
  index: number,
  given: string | undefined,
): string | undefined {
  const printable = Array.from(given ?? '')
    .filter((char) => !isControlCharacter(char))
    .join('');
  const cleaned = printable.split(/[/\\]/).pop()?.trim() ?? '';
  if (cleaned !== '' && cleaned !== '.' && cleaned !== '..')
    return Array.from(cleaned).slice(-MAX_FILENAME_LENGTH).join('');
  if (kind !== 'document') return undefined;
  const extension = DOCUMENT_EXTENSIONS[normaliseMimeType(mimeType)];
  return extension ? `document-${index + 1}.${extension}` : `document-${index + 1}`;
}

function isControlCharacter(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}
