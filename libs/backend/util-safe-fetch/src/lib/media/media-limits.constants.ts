const KB = 1024;
const MB = 1024 * KB;

/** The WhatsApp message types that carry media (spec A4). */
export const WHATSAPP_MEDIA_KINDS = ['image', 'audio', 'video', 'document', 'sticker'] as const;

export type WhatsAppMediaKind = (typeof WHATSAPP_MEDIA_KINDS)[number];

export interface MediaKindLimits {
  readonly maxBytes: number;
  readonly allowedMimeTypes: readonly string[];
}

/** Genesys sends and receives attachments up to 25 MB (spec B5). */
export const GENESYS_ATTACHMENT_MAX_BYTES = 25 * MB;

/** An animated sticker may be 500 KB; a static one only 100 KB (spec A4). */
export const STATIC_STICKER_MAX_BYTES = 100 * KB;
export const ANIMATED_STICKER_MAX_BYTES = 500 * KB;

/** What WhatsApp accepts per kind (spec A4). */
export const WHATSAPP_MEDIA_LIMITS: Readonly<Record<WhatsAppMediaKind, MediaKindLimits>> = {
  image: { maxBytes: 5 * MB, allowedMimeTypes: ['image/jpeg', 'image/png'] },
  audio: {
    maxBytes: 16 * MB,
    allowedMimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'],
  },
  video: { maxBytes: 16 * MB, allowedMimeTypes: ['video/mp4', 'video/3gpp'] },
  document: {
    maxBytes: 100 * MB,
    allowedMimeTypes: [
      'text/plain',
      'application/pdf',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
  },
  sticker: { maxBytes: ANIMATED_STICKER_MAX_BYTES, allowedMimeTypes: ['image/webp'] },
};

/**
 * Limits for downloading a Genesys attachment that will be sent to WhatsApp as `kind`: the
 * WhatsApp rules of the kind, capped by Genesys's own 25 MB. A static sticker must also pass
 * `checkStickerSize` once downloaded.
 */
export function genesysAttachmentLimits(kind: WhatsAppMediaKind): MediaKindLimits {
  const { maxBytes, allowedMimeTypes } = WHATSAPP_MEDIA_LIMITS[kind];
  return { maxBytes: Math.min(maxBytes, GENESYS_ATTACHMENT_MAX_BYTES), allowedMimeTypes };
}

/** 5242880 → "5 MB", 102400 → "100 KB". */
export function formatByteSize(bytes: number): string {
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  if (bytes >= KB) return `${Number((bytes / KB).toFixed(1))} KB`;
  return `${bytes} bytes`;
}
