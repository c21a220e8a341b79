import { randomBytes } from 'node:crypto';

/** Supported media types and sizes of the Cloud API (spec A4). */
export type MediaKind = 'audio' | 'document' | 'image' | 'video' | 'sticker';

const KB = 1024;
const MB = 1024 * KB;

interface MediaKindRule {
  readonly kind: MediaKind;
  readonly mimeTypes: readonly string[];
  readonly maxBytes: number;
}

const RULES: readonly MediaKindRule[] = [
  {
    kind: 'audio',
    mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'],
    maxBytes: 16 * MB,
  },
  {
    kind: 'document',
    mimeTypes: [
      'text/plain',
      'application/pdf',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    maxBytes: 100 * MB,
  },
  { kind: 'image', mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * MB },
  { kind: 'video', mimeTypes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MB },
  { kind: 'sticker', mimeTypes: ['image/webp'], maxBytes: 500 * KB },
];

const STATIC_STICKER_MAX_BYTES = 100 * KB;

function parseMimeType(mimeType: string): { base: string; params: Map<string, string> } {
  const [base, ...params] = mimeType.split(';').map((part) => part.trim().toLowerCase());
  return {
    base,
    params: new Map(params.map((param) => param.split('=').map((part) => part.trim()) as [string, string])),
  };
}

export function mediaKindOf(mimeType: string): MediaKind | undefined {
  return RULES.find((rule) => rule.mimeTypes.includes(parseMimeType(mimeType).base))?.kind;
}

/** An animated WebP has an ANIM chunk. */
function isAnimatedWebp(bytes: Buffer): boolean {
  return bytes.subarray(0, 12).toString('latin1').startsWith('RIFF') && bytes.includes('ANIM', 12, 'latin1');
}

/** Why Meta would refuse this upload (error 131053), or undefined when it is acceptable. */
export function uploadProblem(mimeType: string, bytes: Buffer): string | undefined {
  const { base, params } = parseMimeType(mimeType);
  const rule = RULES.find((candidate) => candidate.mimeTypes.includes(base));
  if (!rule) return `Unsupported media type '${mimeType}'.`;
  const codecs = params.get('codecs');
  if (base === 'audio/ogg' && codecs !== undefined && codecs !== 'opus') {
    return `Unsupported audio codec '${codecs}': audio/ogg must be OPUS.`;
  }
  if (bytes.length === 0) return 'The uploaded file is empty.';
  const maxBytes =
    rule.kind === 'sticker' && !isAnimatedWebp(bytes) ? STATIC_STICKER_MAX_BYTES : rule.maxBytes;
  if (bytes.length > maxBytes) {
    return `File size ${bytes.length} bytes exceeds the ${maxBytes} bytes limit for ${rule.kind} (${base}).`;
  }
  return undefined;
}

const MAGIC: Record<string, Buffer> = {
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/webp': Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1'),
  'audio/ogg': Buffer.from('OggS', 'latin1'),
  'audio/mpeg': Buffer.from('ID3', 'latin1'),
  'video/mp4': Buffer.from('\x00\x00\x00\x18ftypmp42', 'latin1'),
  'application/pdf': Buffer.from('%PDF-1.4\n', 'latin1'),
};

/**
 * Stand-in bytes for media that inbound webhooks reference when the test gives none: the right
 * magic number for common types, then a marker and random bytes so each file hashes differently.
 */
export function placeholderMediaBytes(mimeType: string): Buffer {
  const magic = MAGIC[parseMimeType(mimeType).base] ?? Buffer.alloc(0);
  return Buffer.concat([
    magic,
    Buffer.from(' switchboard whatsapp-simulator placeholder ', 'latin1'),
    randomBytes(16),
  ]);
}
