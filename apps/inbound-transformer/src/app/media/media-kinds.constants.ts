import type { GenesysMediaType } from '@switchboard/shared-contracts';

/** The WhatsApp message types that carry media. */
export type WhatsAppMediaKind = 'image' | 'audio' | 'video' | 'document' | 'sticker';

const KB = 1024;
const MB = 1024 * KB;

/** Genesys takes attachments up to 25 MB (spec B5). */
export const GENESYS_ATTACHMENT_MAX_BYTES = 25 * MB;

export interface MediaKindRule {
  readonly mediaType: GenesysMediaType;
  /** What the agent is told the customer sent ("an image"). */
  readonly description: string;
  /** WhatsApp's limit for the kind (spec A4), capped by Genesys's 25 MB. */
  readonly maxBytes: number;
  /** MIME types (without parameters) WhatsApp allows for the kind; undefined: any. */
  readonly mimeTypes?: readonly string[];
}

/**
 * Media rules per kind (spec A4). Documents accept any type: customers send whatever file they
 * have, and Genesys's default supported-content profile allows every inbound type (spec B5);
 * the A4 list constrains what a business may send.
 */
export const MEDIA_KIND_RULES: Readonly<Record<WhatsAppMediaKind, MediaKindRule>> = {
  image: {
    mediaType: 'Image',
    description: 'an image',
    maxBytes: 5 * MB,
    mimeTypes: ['image/jpeg', 'image/png'],
  },
  audio: {
    mediaType: 'Audio',
    description: 'an audio message',
    maxBytes: 16 * MB,
    mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'],
  },
  video: {
    mediaType: 'Video',
    description: 'a video',
    maxBytes: 16 * MB,
    mimeTypes: ['video/mp4', 'video/3gpp'],
  },
  document: {
    mediaType: 'File',
    description: 'a document',
    maxBytes: Math.min(100 * MB, GENESYS_ATTACHMENT_MAX_BYTES),
  },
  sticker: {
    mediaType: 'Image',
    description: 'a sticker',
    maxBytes: 500 * KB,
    mimeTypes: ['image/webp'],
  },
};

/** A static sticker may be at most 100 KB; an animated one 500 KB. */
export const STATIC_STICKER_MAX_BYTES = 100 * KB;

/** `audio/ogg; codecs=opus` → `audio/ogg`. */
export function baseMimeType(mimeType: string): string {
  return (mimeType.split(';')[0] ?? '').trim().toLowerCase();
}

/** 5242880 → "5 MB", 102400 → "100 KB". */
export function formatByteSize(bytes: number): string {
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  if (bytes >= KB) return `${Number((bytes / KB).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/ogg': 'ogg',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'text/plain': 'txt',
  'application/pdf': 'pdf',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.ms-powerpoint': 'ppt',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
};

/** The usual file extension of a MIME type, `bin` when unknown. */
export function extensionForMimeType(mimeType: string): string {
  return EXTENSIONS[baseMimeType(mimeType)] ?? 'bin';
}
